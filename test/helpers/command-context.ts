import type { CommandContext, CommandDefinition, MemberInfo, ReplyPayload } from "../../src/commands/types.ts";
import type { MusicService, QueueSnapshot, TrackView } from "../../src/music/types.ts";
import { DEFAULT_GUILD_SETTINGS, type GuildSettings } from "../../src/store/types.ts";

/** One call a fake received: `moveTrack` with its arguments. */
export interface FakeCall {
  readonly name: string;
  readonly args: readonly unknown[];
}

export function fakeTrack(title: string, requesterId: string | null = null, durationMs = 180_000): TrackView {
  return {
    encoded: `enc-${title}`,
    title,
    author: "Artist",
    uri: null,
    durationMs,
    isStream: false,
    isSeekable: true,
    sourceName: "youtube",
    artworkUrl: null,
    requester: requesterId ? { id: requesterId, username: requesterId } : null,
  };
}

export function fakeSnapshot(over: Partial<QueueSnapshot> = {}): QueueSnapshot {
  return {
    guildId: "g1",
    current: fakeTrack("Now"),
    positionMs: 0,
    paused: false,
    volume: 100,
    loop: "off",
    upcoming: [],
    voiceChannelId: "v1",
    textChannelId: "t1",
    filters: [],
    autoplay: false,
    ...over,
  };
}

/**
 * A music front door that records every call and answers from `results` (by method name, e.g. "moveTrack"; a
 * function gets the call's arguments). The snapshot is whatever `snapshot` holds (null: no player).
 */
export function fakeMusic(
  opts: { snapshot?: QueueSnapshot | null; results?: Record<string, unknown> } = {},
): MusicService & { calls: FakeCall[]; snap: QueueSnapshot | null } {
  const calls: FakeCall[] = [];
  const results = opts.results ?? {};
  const state = { snap: opts.snapshot === undefined ? fakeSnapshot() : opts.snapshot };
  const answer = (name: string, args: unknown[]) => {
    calls.push({ name, args });
    const r = results[name];
    return typeof r === "function" ? (r as (...a: unknown[]) => unknown)(...args) : r;
  };
  const base = {
    calls,
    get snap() {
      return state.snap;
    },
    snapshot: (guildId: string) => {
      calls.push({ name: "snapshot", args: [guildId] });
      return state.snap;
    },
    botVoiceChannel: () => state.snap?.voiceChannelId ?? null,
    history: (guildId: string) => (answer("history", [guildId]) as TrackView[] | undefined) ?? [],
    available: () => true,
    autoplayEnabled: (guildId: string) => answer("autoplayEnabled", [guildId]) === true,
  };
  return new Proxy(base, {
    get: (target, key) => {
      if (key in target) return target[key as keyof typeof target];
      if (typeof key !== "string") return undefined;
      return (...args: unknown[]) => Promise.resolve(answer(key, args));
    },
  }) as unknown as MusicService & { calls: FakeCall[]; snap: QueueSnapshot | null };
}

export interface FakeContextOptions {
  readonly source?: CommandContext["source"];
  readonly command?: CommandDefinition;
  readonly guildId?: string | null;
  readonly channelId?: string;
  readonly userId?: string;
  readonly member?: Partial<MemberInfo> | null;
  readonly settings?: Partial<GuildSettings>;
  /** The member's voice channel (null: not in voice). */
  readonly userVoice?: string | null;
  /** The bot's voice channel (null: not in voice). */
  readonly botVoice?: string | null;
  readonly listeners?: readonly string[];
  readonly stage?: "speaker" | "request" | "none" | null;
  readonly music?: MusicService;
  readonly now?: number;
}

/**
 * A command context for unit tests: a member in voice with the bot in a guild, replies and direct messages recorded
 * in `replies` and `dms`, `deferred` counting defers. Every field can be changed through the options.
 */
export function fakeContext(opts: FakeContextOptions = {}): CommandContext & {
  replies: ReplyPayload[];
  dms: ReplyPayload[];
  deferred: number;
} {
  const replies: ReplyPayload[] = [];
  const dms: ReplyPayload[] = [];
  const userId = opts.userId ?? "u1";
  const member: MemberInfo | null =
    opts.member === null
      ? null
      : { roleIds: [], roleNames: [], permissions: 0n, isOwner: false, ...(opts.member ?? {}) };
  const settings: GuildSettings = { ...DEFAULT_GUILD_SETTINGS, ...(opts.settings ?? {}) };
  const music = opts.music ?? fakeMusic();
  const ctx = {
    source: opts.source ?? "slash",
    command: opts.command ?? ({ name: "test", preconditions: [] } as unknown as CommandDefinition),
    guildId: opts.guildId === undefined ? "g1" : opts.guildId,
    channelId: opts.channelId ?? "t1",
    user: { id: userId, username: userId },
    member,
    prefix: "!",
    defaultPrefix: "!",
    voice: {
      userChannelId: () => (opts.userVoice === undefined ? "v1" : opts.userVoice),
      botChannelId: () => (opts.botVoice === undefined ? "v1" : opts.botVoice),
      listenerIds: () => [...(opts.listeners ?? [userId, "u2"])],
      stageRight: () => opts.stage ?? null,
    },
    music,
    logger: silentLogger(),
    catalog: [],
    status: () => ({ gatewayPingMs: 0, messageContentRefused: false, nodes: [] }),
    stats: () => {
      throw new Error("stats are not part of this fake");
    },
    settings: () => settings,
    store: {} as CommandContext["store"],
    replies,
    dms,
    deferred: 0,
    async reply(payload: ReplyPayload) {
      replies.push(payload);
    },
    attachments: [],
    async readAttachment() {
      throw new Error("no attachments in this fake");
    },
    limits: { queueImportMaxBytes: 1_000_000, maxImportTracks: 500 },
    async dm(payload: ReplyPayload) {
      dms.push(payload);
    },
    now: () => opts.now ?? 1_000_000,
    async defer() {
      ctx.deferred++;
    },
  };
  return ctx as unknown as CommandContext & { replies: ReplyPayload[]; dms: ReplyPayload[]; deferred: number };
}

/** The text of a reply, whichever shape it has. */
export const replyText = (payload: ReplyPayload | undefined): string =>
  typeof payload === "string" ? payload : (payload?.content ?? "");

function silentLogger(): CommandContext["logger"] {
  const log = {
    child: () => log,
    debug: () => {},
    info: () => {},
    warn: () => {},
    error: () => {},
    fatal: () => {},
    trace: () => {},
  };
  return log as unknown as CommandContext["logger"];
}
