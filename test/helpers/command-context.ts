import type {
  AttachmentRef,
  CommandContext,
  CommandDefinition,
  GuildContext,
  MemberInfo,
  ReplyPayload,
  StatusView,
} from "../../src/commands/types.ts";
import { isUserError, UserError } from "../../src/core/errors.ts";
import { type Language, translator } from "../../src/i18n/translate.ts";
import type { MusicService, QueueSnapshot, TrackView } from "../../src/music/types.ts";
import type { StatsSnapshot } from "../../src/ops/stats.ts";
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
  readonly prefix?: string;
  readonly store?: Partial<CommandContext["store"]>;
  readonly catalog?: readonly CommandDefinition[];
  readonly status?: Partial<StatusView>;
  readonly stats?: () => StatsSnapshot;
  readonly attachments?: readonly AttachmentRef[];
  /** Attachment contents by id (a missing one: the read fails as Discord's CDN would). */
  readonly files?: Readonly<Record<string, Buffer>>;
  readonly requestChannel?: CommandContext["requestChannel"];
  /** The member does not accept direct messages. */
  readonly dmClosed?: boolean;
  /** The language replies are said in (default English). */
  readonly lang?: Language;
}

/**
 * A command context for unit tests: a member in voice with the bot in a guild, replies and direct messages recorded
 * in `replies` and `dms`, `deferred` counting defers. Every field can be changed through the options.
 */
export interface Recorded {
  replies: ReplyPayload[];
  dms: ReplyPayload[];
  deferred: number;
}

/** Outside a guild (`guildId: null`) the context is a plain one; in one (the default) it is guild-narrowed. */
export function fakeContext(opts: FakeContextOptions & { readonly guildId: null }): CommandContext & Recorded;
export function fakeContext(opts?: FakeContextOptions & { readonly guildId?: string }): GuildContext & Recorded;
export function fakeContext(opts?: FakeContextOptions): CommandContext & Recorded;
export function fakeContext(opts: FakeContextOptions = {}): CommandContext & Recorded {
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
    prefix: opts.prefix ?? "!",
    defaultPrefix: "!",
    voice: {
      userChannelId: () => (opts.userVoice === undefined ? "v1" : opts.userVoice),
      botChannelId: () => (opts.botVoice === undefined ? "v1" : opts.botVoice),
      listenerIds: () => [...(opts.listeners ?? [userId, "u2"])],
      stageRight: () => opts.stage ?? null,
    },
    music,
    logger: silentLogger(),
    catalog: opts.catalog ?? [],
    status: () => ({
      gatewayPingMs: 0,
      messageContentRefused: false,
      nodes: [],
      engine: { current: "lavalink", fallback: false, ffmpeg: false, ytDlp: false, embeddedPlayers: 0 },
      ...opts.status,
    }),
    stats:
      opts.stats ??
      (() => {
        throw new Error("stats are not part of this fake");
      }),
    lang: opts.lang ?? "en",
    t: translator(opts.lang ?? "en"),
    defaultLanguage: "en",
    settings: () => settings,
    store: { ...opts.store } as CommandContext["store"],
    replies,
    dms,
    deferred: 0,
    async reply(payload: ReplyPayload) {
      replies.push(payload);
    },
    attachments: opts.attachments ?? [],
    async readAttachment(ref: AttachmentRef, maxBytes: number) {
      const data = opts.files?.[ref.id];
      if (!data) throw new UserError("BAD_FILE", "I couldn't read that file.");
      if (data.length > maxBytes) throw new UserError("FILE_TOO_LARGE", "That file is too large.");
      return data;
    },
    limits: { queueImportMaxBytes: 1_000_000, maxImportTracks: 500 },
    async dm(payload: ReplyPayload) {
      if (opts.dmClosed) throw new UserError("DM_CLOSED", "I can't send you direct messages.");
      dms.push(payload);
    },
    requestChannel: opts.requestChannel ?? {
      setUp: async () => {
        throw new Error("request channels are not part of this fake");
      },
      tearDown: async () => false,
    },
    now: () => opts.now ?? 1_000_000,
    async defer() {
      ctx.deferred++;
    },
  };
  return ctx as unknown as CommandContext & Recorded;
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
    isLevelEnabled: () => false,
  };
  return log as unknown as CommandContext["logger"];
}

/**
 * The refusal a handler run ends in: its code and message (what the pipeline answers with). Fails when the run
 * succeeds or ends in anything but a UserError.
 */
export async function refusalOf(run: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await run;
  } catch (err) {
    if (isUserError(err)) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error("expected a refusal, but the run succeeded");
}
