import { z } from "zod";
import { LANGUAGE_CODES, type Language } from "../i18n/translate.ts";
import { type LavalinkNodeConfig, type ParsedNode, parseNodeUrl } from "./node-url.ts";

const truthy = ["true", "1", "yes", "on"];
const falsy = ["false", "0", "no", "off"];
const boolFromText = z.preprocess(
  (v) => {
    if (typeof v !== "string") return v;
    const t = v.trim().toLowerCase();
    return truthy.includes(t) ? true : falsy.includes(t) ? false : v;
  },
  z.boolean({ error: "must be true or false" }),
);

const int = (min: number, max: number) =>
  z.coerce
    .number({ error: "must be a whole number" })
    .int("must be a whole number")
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);
const ratio = z.coerce.number({ error: "must be a number" }).gt(0, "must be above 0").max(1, "must be at most 1");

const snowflake = z
  .string()
  .trim()
  .regex(/^\d{17,20}$/, "must be a Discord snowflake (17–20 digits)");

/** Search sources an operator may name; LavaSrc's (spsearch, amsearch, dzsearch) work on nodes that have them. */
const searchSource = z.enum(["ytsearch", "ytmsearch", "scsearch", "spsearch", "amsearch", "dzsearch"]);

/** Empty (the default): no Lavalink, the embedded engine plays. */
const nodesSchema = z
  .string({ error: "must be comma-separated lavalink://<id>@<host>:<port> (password in LAVALINK_PASSWORD)" })
  .trim()
  .default("")
  .transform((value, ctx): ParsedNode[] => {
    const nodes: ParsedNode[] = [];
    if (value === "") return nodes;
    for (const [index, part] of value.split(",").entries()) {
      const result = parseNodeUrl(part.trim());
      if (typeof result === "string") {
        ctx.addIssue({ code: "custom", message: `entry ${index + 1}: ${result}` });
      } else {
        nodes.push(result);
      }
    }
    const ids = nodes.map((n) => n.id);
    const dup = ids.find((id, i) => ids.indexOf(id) !== i);
    if (dup) ctx.addIssue({ code: "custom", message: `node id "${dup}" is used twice` });
    return nodes;
  });

/** Raw (flat) configuration, keyed by camelCase names; env variables are the UPPER_SNAKE_CASE of these keys. */
export const rawConfigSchema = z.object({
  discordToken: z
    .string({ error: "is required: the bot token from the Discord developer portal" })
    .trim()
    .min(1, "is required: the bot token from the Discord developer portal"),
  discordApiBase: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
  discordGuildId: snowflake.optional(),
  lavalinkNodes: nodesSchema,
  /** Password for every node given without one in LAVALINK_NODES. Any character works (it is never put in a URL). */
  lavalinkPassword: z.string().min(1, "must not be empty").optional(),
  databasePath: z.string().trim().min(1),
  /** Node's module compile cache (read by the entry point before this schema is loaded; see compile-cache.ts). */
  compileCache: boolFromText,
  /** Its directory; empty: `compile-cache/` next to the database. */
  compileCacheDir: z.string().trim().optional(),
  prefix: z.string().trim().min(1, "must not be empty").max(5, "must be at most 5 characters"),
  prefixCommands: boolFromText,
  /** The language servers are answered in until they choose one (`/settings set language`). */
  defaultLanguage: z.preprocess(
    (v) => (typeof v === "string" ? v.trim().toLowerCase() : v),
    z.enum(LANGUAGE_CODES as [Language, ...Language[]], { error: `must be one of ${LANGUAGE_CODES.join(", ")}` }),
  ),
  /** Gateway shards this bot runs: a number, or "auto" for Discord's recommendation (GET /gateway/bot). */
  shardCount: z.preprocess(
    (v) => (typeof v === "string" && v.trim().toLowerCase() === "auto" ? "auto" : v),
    z.union([z.literal("auto"), int(1, 65_536)], { error: 'must be "auto" or a whole number of shards (1 or more)' }),
  ),
  httpHost: z.string().trim().min(1),
  httpPort: int(0, 65535),
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]),
  defaultSearchSource: searchSource,
  fallbackSearchSources: z.preprocess(
    (v) =>
      typeof v === "string"
        ? v
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean)
        : v,
    z.array(searchSource),
  ),
  allowPrivateUrls: boolFromText,
  /** Hosts let through the URL guard although private (a LAN radio or file server): `host` or `host:port`, comma-separated. */
  urlAllowHosts: z.preprocess(
    (v) =>
      typeof v === "string"
        ? v
            .split(",")
            .map((s) =>
              s
                .trim()
                .toLowerCase()
                .replace(/\.(?=:\d+$|$)/, ""),
            )
            .filter(Boolean)
        : v,
    z.array(z.string().regex(/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/, "expected host or host:port")),
  ),
  maxPlaylistTracks: int(1, 10_000),
  /** Largest queue file `import` reads (Discord's own upload limit is far higher). */
  queueImportMaxBytes: int(1024, 8 * 1024 * 1024),
  /** How long Encore's answers stay in a request channel before they are removed. */
  requestChannelReplySeconds: int(1, 3600),
  maxQueueLength: int(1, 100_000),
  defaultVolume: int(0, 150),
  searchCacheSize: int(0, 100_000),
  searchCacheTtlSeconds: int(1, 86_400),
  breakerFailureThreshold: int(1, 100),
  breakerCooldownMs: int(100, 600_000),
  musicCallTimeoutMs: int(100, 60_000),
  nodeRetryDelayMs: int(100, 600_000),
  /** Longest wait between node reconnect attempts; the wait doubles from NODE_RETRY_DELAY_MS up to this. */
  nodeRetryMaxDelayMs: int(100, 3_600_000),
  sessionResumeTimeoutSeconds: int(0, 86_400),
  positionSaveIntervalMs: int(500, 5000),
  voiceConnectTimeoutMs: int(500, 60_000),
  /** Failed or stuck tracks in a row after which a player stops and clears its queue instead of trying more. */
  maxConsecutiveTrackFailures: int(1, 100),
  maxPlaylistsPerUser: int(1, 1000),
  maxTracksPerPlaylist: int(1, 10_000),
  memoryBudgetMb: int(16, 65_536),
  memorySoftRatio: ratio,
  memoryHardRatio: ratio,
  memoryCheckIntervalMs: int(100, 3_600_000),
  /** Commands a member may send back to back (slash, prefix, buttons and menus together). */
  rateLimitBurst: int(1, 1000),
  /** Milliseconds for a member to regain one command once the burst is spent. */
  rateLimitRefillMs: int(10, 600_000),
  autocompleteRateLimitBurst: int(1, 1000),
  autocompleteRateLimitRefillMs: int(10, 600_000),
  shutdownTimeoutMs: int(100, 120_000),
  /** With Lavalink nodes configured: a guild whose nodes are all down continues on the embedded engine. */
  embeddedFallback: boolFromText,
  /** Guilds the embedded engine plays in at once (one ffmpeg process each). */
  embeddedMaxStreams: int(1, 1000),
  /** ffmpeg for the embedded engine; default: the bundled one, else `ffmpeg` on PATH. */
  ffmpegPath: z.string().trim().min(1).optional(),
  /** yt-dlp for YouTube/SoundCloud without Lavalink; default: `yt-dlp` on PATH when it runs. */
  ytDlpPath: z.string().trim().min(1).optional(),
  /** A folder of audio files members may play with `local:<file>` (off when unset); nothing outside it is read. */
  musicFolder: z.string().trim().min(1).optional(),
});

/**
 * Gives every node without a password in its URL the shared LAVALINK_PASSWORD; a problem (how to fix it) for each
 * node left with none.
 */
export function withNodePasswords(
  nodes: readonly ParsedNode[],
  sharedPassword: string | undefined,
  problems: string[],
): LavalinkNodeConfig[] {
  const out: LavalinkNodeConfig[] = [];
  for (const node of nodes) {
    const password = node.password ?? sharedPassword;
    if (password === undefined || password === "") {
      problems.push(
        `LAVALINK_NODES node "${node.id}" has no password: set LAVALINK_PASSWORD (or LAVALINK_PASSWORD_FILE), or put it in the URL as lavalink://<id>:<password>@<host>:<port>`,
      );
      continue;
    }
    out.push({ ...node, password });
  }
  return out;
}

export type RawConfig = z.input<typeof rawConfigSchema>;
export type Config = Readonly<
  Omit<z.output<typeof rawConfigSchema>, "lavalinkNodes"> & { lavalinkNodes: readonly LavalinkNodeConfig[] }
>;
export type { LavalinkNodeConfig };
