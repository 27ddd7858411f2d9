import type { Json } from "./types.ts";

/** Every permission bit discord.js 14.28 knows (PermissionsBitField.All). */
export const ALL_PERMISSIONS = 8_866_461_766_385_663n;

export const Permission = {
  Administrator: 1n << 3n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  Connect: 1n << 20n,
  Speak: 1n << 21n,
  MuteMembers: 1n << 22n,
  RequestToSpeak: 1n << 32n,
} as const;

/** What Discord grants @everyone in a new guild: chat, voice and application commands, no moderation. */
export const DEFAULT_EVERYONE_PERMISSIONS = [
  0, 6, 9, 10, 11, 14, 15, 16, 18, 20, 21, 25, 26, 31, 32, 35, 36, 37, 38, 39, 42, 45, 46, 49, 50,
].reduce((acc, bit) => acc | (1n << BigInt(bit)), 0n);

export interface PermissionSubject {
  guildId: string;
  ownerId: string;
  /** Role id → permission bitfield. Includes @everyone under the guild id. */
  rolePermissions: (roleId: string) => bigint;
  userId: string;
  memberRoles: readonly string[];
}

/** Guild-level permissions: @everyone | member roles; owner and administrators get everything. */
export function guildPermissions(s: PermissionSubject): bigint {
  if (s.userId === s.ownerId) return ALL_PERMISSIONS;
  let perms = s.rolePermissions(s.guildId);
  for (const role of s.memberRoles) perms |= s.rolePermissions(role);
  return (perms & Permission.Administrator) !== 0n ? ALL_PERMISSIONS : perms;
}

interface Overwrite {
  id: string;
  type: number;
  allow: bigint;
  deny: bigint;
}

function parseOverwrite(raw: Json): Overwrite | null {
  if (typeof raw !== "object" || raw === null || typeof raw.id !== "string") return null;
  return { id: raw.id, type: Number(raw.type ?? 0), allow: BigInt(raw.allow ?? "0"), deny: BigInt(raw.deny ?? "0") };
}

/** Channel permissions following Discord's order: @everyone overwrite, role overwrites, member overwrite. */
export function channelPermissions(s: PermissionSubject, overwrites: readonly unknown[] | undefined): bigint {
  const base = guildPermissions(s);
  if (base === ALL_PERMISSIONS && (s.userId === s.ownerId || (base & Permission.Administrator) !== 0n)) return base;
  const list = (overwrites ?? []).map(parseOverwrite).filter((o): o is Overwrite => o !== null);
  let perms = base;
  const everyone = list.find((o) => o.type === 0 && o.id === s.guildId);
  if (everyone) perms = (perms & ~everyone.deny) | everyone.allow;
  let allow = 0n;
  let deny = 0n;
  for (const o of list) {
    if (o.type === 0 && s.memberRoles.includes(o.id)) {
      allow |= o.allow;
      deny |= o.deny;
    }
  }
  perms = (perms & ~deny) | allow;
  const member = list.find((o) => o.type === 1 && o.id === s.userId);
  if (member) perms = (perms & ~member.deny) | member.allow;
  return perms;
}
