import { refusal } from "../i18n/refusals.ts";
import { userError } from "../i18n/translate.ts";
import type { TrackView } from "../music/types.ts";
import type { CommandContext, MemberInfo } from "./types.ts";

/** Discord's Manage Server (MANAGE_GUILD) permission bit. */
export const MANAGE_GUILD = 1n << 5n;
/** Role that counts as DJ while a guild has not chosen DJ roles. */
export const DEFAULT_DJ_ROLE_NAME = "DJ";

/** Why a member may control playback at once; null when they may only vote. */
export type ControlRight = "admin" | "dj" | "idle" | "alone" | "requester";

export function isDj(member: MemberInfo, djRoleIds: readonly string[]): boolean {
  if (djRoleIds.length > 0) return member.roleIds.some((id) => djRoleIds.includes(id));
  return member.roleNames.some((name) => name === DEFAULT_DJ_ROLE_NAME);
}

/**
 * THE rule for requester rights, used by commands and buttons alike (buttons run the same commands): members with
 * Manage Server (or the owner), DJs, a member alone with the bot, and the requester of the current track act at
 * once; when nothing plays there is nobody's music to protect. Everyone else gets null: they may vote to skip.
 */
export function controlRight(ctx: CommandContext): ControlRight | null {
  const staff = staffRight(ctx);
  if (staff) return staff;
  // DJ-only mode: nobody else controls playback, not even alone or as the requester (and nobody votes).
  if (ctx.settings().djOnly) return null;
  const current = ctx.guildId ? ctx.music.snapshot(ctx.guildId)?.current : null;
  if (!current) return "idle";
  const listeners = ctx.voice.listenerIds();
  if (listeners.length === 1 && listeners[0] === ctx.user.id) return "alone";
  if (current.requester?.id === ctx.user.id) return "requester";
  return null;
}

/** @throws UserError NOT_ALLOWED unless {@link controlRight} allows the member to act at once */
export function requireControl(ctx: CommandContext): ControlRight {
  const right = controlRight(ctx);
  if (!right) throw refusal(ctx.settings().djOnly ? "DJ_ONLY" : "NOT_ALLOWED");
  return right;
}

/** Manage Server (or the owner) or a DJ role: the members server rules such as per-member limits do not bind. */
export function isDjOrAdmin(ctx: CommandContext): boolean {
  return staffRight(ctx) !== null;
}

/**
 * Manage Server or the owner: THE check for server managers, everywhere. Discord's computed permissions include every
 * bit for administrators, so MANAGE_GUILD covers them.
 */
export function hasManageServer(member: MemberInfo | null): boolean {
  return Boolean(member && (member.isOwner || (member.permissions & MANAGE_GUILD) === MANAGE_GUILD));
}

/** @throws UserError NEEDS_MANAGE_SERVER unless the member has Manage Server (or owns the server) */
export function requireManageServer(ctx: CommandContext): void {
  if (!hasManageServer(ctx.member)) throw refusal("NEEDS_MANAGE_SERVER");
}

/** Manage Server or the owner. */
export function isAdmin(ctx: CommandContext): boolean {
  return hasManageServer(ctx.member);
}

/** "admin" for Manage Server, "dj" for a DJ role, else null. */
function staffRight(ctx: CommandContext): "admin" | "dj" | null {
  if (hasManageServer(ctx.member)) return "admin";
  if (ctx.member && isDj(ctx.member, ctx.settings().djRoleIds)) return "dj";
  return null;
}

/** Members may always remove their own tracks; removing anyone else's needs control rights. */
export function requireRemoveRights(ctx: CommandContext, tracks: readonly TrackView[]): void {
  if (tracks.every((t) => t.requester?.id === ctx.user.id)) return;
  if (!controlRight(ctx)) {
    throw userError("NOT_ALLOWED", "refusal.ownTracksOnly");
  }
}

/**
 * Acting on other members' listening as a whole (taking the bot to another channel, removing everything one member
 * queued) needs a DJ or a member with Manage Server. @throws UserError NOT_ALLOWED
 */
export function requireDj(ctx: CommandContext, what: "removeOthers" | "moveListeners"): "admin" | "dj" {
  const staff = staffRight(ctx);
  if (staff) return staff;
  throw refusal("NEEDS_DJ", what);
}
