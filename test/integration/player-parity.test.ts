import { describe, expect, it } from "vitest";
import { usage } from "../../src/commands/args.ts";
import { commandManifest } from "../../src/commands/manifest.ts";
import type { UploadFile } from "../fakes/discord/index.ts";
import { guildSpec, ids } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";
import { type OptionValues, play, prefixReply, slashReply, waitPlaying } from "../helpers/player-driver.ts";

/**
 * The parity test: every command of the manifest, once as a slash command and once as a prefix command, each in a
 * fresh app against fresh fakes after the same setup. Both ways must produce the same node traffic and the same
 * reply (the prefix and live numbers such as latency or a progress position normalised).
 */
interface Row {
  /**
   * The command this row runs (default: the row's key), with its subcommand (`playlist add`): the slash form sends
   * the subcommand the way Discord does, the prefix form types it after the command name.
   */
  command?: string;
  /** Slash option values. */
  slash?: OptionValues;
  /** What follows `!<name> ` in the prefix form. */
  prefix?: string;
  /** Tracks alice plays first (the first one is playing when the command runs). */
  setup?: string[];
  /** Who runs the command (default alice, who requested the setup tracks). */
  userId?: string;
  /** Extra steps after the plays. */
  prepare?: (h: Harness) => Promise<void>;
  /** Waits for node traffic the command causes after it answered. */
  settle?: (h: Harness, since: number) => Promise<unknown>;
  /** A file the member attaches (slash: the command's attachment option; prefix: on the message). */
  file?: UploadFile;
  /** The guild gives @everyone (so the bot) Attach Files. */
  attachFiles?: boolean;
  lavalink?: Parameters<typeof startHarness>[0] extends infer O
    ? O extends { lavalink?: infer L }
      ? L
      : never
    : never;
}

const three = ["never gonna give", "despacito", "bohemian"];
const nextTrackPlays = (h: Harness, since: number) =>
  h.node.waitForRequest(
    (r) => h.node.requests.indexOf(r) >= since && r.method === "PATCH" && typeof r.body?.track?.encoded === "string",
  );

const table: Record<string, Row> = {
  play: { slash: { query: "despacito" }, prefix: "despacito" },
  playnext: { slash: { query: "teen spirit" }, prefix: "teen spirit", setup: three },
  search: { slash: { query: "a" }, prefix: "a" },
  pause: { setup: three },
  resume: { setup: three, prepare: async (h) => void (await slashReply(h, "pause")) },
  skip: { setup: three, settle: nextTrackPlays },
  skipto: { slash: { position: 2 }, prefix: "2", setup: three, settle: nextTrackPlays },
  previous: {
    setup: three,
    prepare: async (h) => {
      await slashReply(h, "skip");
      await waitPlaying(h, "Despacito");
    },
  },
  replay: { setup: three },
  stop: { setup: three },
  leave: { setup: three },
  volume: { slash: { level: 42 }, prefix: "42", setup: three },
  seek: { slash: { time: "1:30" }, prefix: "1:30", setup: three },
  forward: {
    slash: { amount: "30" },
    prefix: "30",
    setup: three,
    prepare: async (h) => void (await slashReply(h, "seek", ids.alice, { time: "1:00" })),
  },
  rewind: { slash: { amount: "1:00" }, prefix: "1:00", setup: three },
  join: {},
  removedupes: { setup: ["never gonna give", "despacito", "despacito"] },
  export: { setup: three, attachFiles: true },
  setup: { userId: ids.admin },
  import: {
    file: {
      name: "queue.json",
      data: JSON.stringify({
        format: "encore.queue",
        version: 1,
        exportedAt: "2026-01-01T00:00:00.000Z",
        tracks: [
          { title: "a", author: "b", uri: "https://www.youtube.com/watch?v=kJQP7kiw5Fk", durationMs: 1 },
          { title: "c", author: "d", uri: "https://www.youtube.com/watch?v=fJ9rUzIMcZQ", durationMs: 1 },
        ],
      }),
    },
    settle: nextTrackPlays,
  },
  removeuser: { slash: { member: ids.alice }, prefix: `<@${ids.alice}>`, setup: three, userId: ids.dj },
  autoplay: {
    slash: { state: true },
    prefix: "on",
    setup: ["never gonna give"],
    settle: (h) => h.node.waitForRequest((r) => String(r.query.identifier).includes("list=RD")),
  },
  queue: { setup: three },
  remove: { slash: { positions: "1-2" }, prefix: "1-2", setup: three },
  move: { slash: { from: 2, to: 1 }, prefix: "2 1", setup: three },
  clear: { setup: three },
  shuffle: { setup: ["never gonna give", "despacito", "despacito"] },
  loop: { slash: { mode: "queue" }, prefix: "queue", setup: three },
  history: { setup: three },
  grab: { setup: three },
  filter: { slash: { preset: "bassboost", value: "high" }, prefix: "bassboost high", setup: three },
  "filter eq": {
    command: "filter",
    slash: { preset: "eq", value: "0:0.3 14:-0.1" },
    prefix: "eq 0:0.3 14:-0.1",
    setup: three,
  },
  nowplaying: { setup: three },
  lyrics: {
    setup: three,
    lavalink: {
      plugins: [
        { name: "lavalyrics-plugin", version: "1.0.0" },
        { name: "lavasrc-plugin", version: "4.3.0" },
      ],
      lyrics: { dQw4w9WgXcQ: { text: "We're no strangers to love" } },
    },
  },
  ping: {},
  stats: { userId: ids.admin },
  help: { slash: { command: "skip" }, prefix: "skip" },
  "settings show": { userId: ids.admin },
  "settings set": { slash: { key: "prefix", value: "?" }, prefix: "prefix ?", userId: ids.admin },
  "settings reset": {
    slash: { key: "vote-skip-ratio" },
    prefix: "vote-skip-ratio",
    userId: ids.admin,
    prepare: async (h) =>
      void (await slashReply(h, "settings set", ids.admin, { key: "vote-skip-ratio", value: "75%" })),
  },
  ...playlistRows(),
};

/** Runs `playlist` subcommands as alice (slash) to build the saved state a row needs. */
async function playlistSteps(h: Harness, ...steps: [string, OptionValues][]): Promise<void> {
  for (const [subcommand, values] of steps) {
    const reply = await slashReply(h, `playlist ${subcommand}`, ids.alice, values);
    if (!/^(Created|Added)/.test(reply.content)) throw new Error(`playlist step failed: ${reply.content}`);
  }
}

function playlistRows(): Record<string, Row> {
  const create: [string, OptionValues] = ["create", { name: "chill" }];
  const withQueue = (h: Harness) => playlistSteps(h, create, ["add", { name: "chill", what: "queue" }]);
  return {
    "playlist create": { slash: { name: "chill" }, prefix: "chill" },
    "playlist add": {
      slash: { name: "chill", what: "queue" },
      prefix: "chill queue",
      setup: three,
      prepare: (h) => playlistSteps(h, create),
    },
    "playlist add search": {
      command: "playlist add",
      slash: { name: "chill", what: "bohemian rhapsody" },
      prefix: "chill bohemian rhapsody",
      prepare: (h) => playlistSteps(h, create),
    },
    "playlist remove": {
      slash: { name: "chill", positions: "2-3" },
      prefix: "chill 2-3",
      setup: three,
      prepare: withQueue,
    },
    "playlist show": { slash: { name: "chill", page: 1 }, prefix: "chill 1", setup: three, prepare: withQueue },
    "playlist list": { prepare: (h) => playlistSteps(h, create, ["create", { name: "road trip" }]) },
    "playlist load": {
      slash: { name: "chill" },
      prefix: "chill",
      prepare: (h) =>
        playlistSteps(
          h,
          create,
          ["add", { name: "chill", what: "despacito" }],
          ["add", { name: "chill", what: "bohemian" }],
        ),
      settle: nextTrackPlays,
    },
    "playlist delete": { slash: { name: "chill" }, prefix: "chill", prepare: (h) => playlistSteps(h, create) },
    "playlist rename": {
      slash: { name: "chill", new_name: "chill vibes" },
      prefix: 'chill "chill vibes"',
      prepare: (h) => playlistSteps(h, create),
    },
  };
}

function slashWithFile(h: Harness, name: string, userId: string, file: UploadFile) {
  const upload = h.discord.uploadAttachment(ids.text, file);
  return h.discord
    .sendSlash({
      guildId: ids.guild,
      channelId: ids.text,
      userId,
      name,
      options: [{ name: "file", type: 11, value: upload.id }],
    })
    .waitForResponse(10_000);
}

async function prefixWithFile(h: Harness, content: string, userId: string, file: UploadFile) {
  const sent = h.discord.sendMessage({ guildId: ids.guild, channelId: ids.text, userId, content, files: [file] });
  return h.discord.waitForMessage(ids.text, (m) => m.message_reference?.message_id === sent.id);
}

function normalise(text: string): string {
  return (
    text
      .replace(/`!/g, "`/")
      .replace(/prefix `!`/g, "prefix `/`")
      .replace(/Gateway (-?\d+ ms|measuring…)/, "Gateway N ms")
      .replace(/Uptime \d+m \d+s/, "Uptime N")
      .replace(/\d+ MB/g, "N MB")
      .replace(/gateway (\d+ ms|measuring…)/, "gateway N ms")
      .replace(/CPU \d+%/g, "CPU N%")
      // A prefix command reads the guild's prefix from the settings cache first.
      .replace(/• settings: \d+ entries, [^)]*\)/, "• settings: …")
      .replace(/\d+:\d\d \/ /g, "M:SS / ")
      .replace(/🔘|▬/g, "")
  );
}

async function runOnce(key: string, row: Row, via: "slash" | "prefix") {
  const name = row.command ?? key;
  const spec = guildSpec();
  if (row.attachFiles) {
    const everyone = spec.roles[0] as { permissions: string };
    everyone.permissions = String(BigInt(everyone.permissions) | (1n << 15n));
  }
  const h = await startHarness({ ...(row.lavalink ? { lavalink: row.lavalink } : {}), discord: { guilds: [spec] } });
  try {
    for (const q of row.setup ?? []) await play(h, q);
    if (row.setup?.length) await waitPlaying(h, "Never Gonna");
    await row.prepare?.(h);
    const session = h.node.sessionIds()[0] ?? "";
    const since = h.node.requests.length;
    const reply =
      via === "slash"
        ? row.file
          ? await slashWithFile(h, name, row.userId ?? ids.alice, row.file)
          : await slashReply(h, name, row.userId ?? ids.alice, row.slash ?? {})
        : row.file
          ? await prefixWithFile(h, `!${name} ${row.prefix ?? ""}`.trim(), row.userId ?? ids.alice, row.file)
          : await prefixReply(h, `${name} ${row.prefix ?? ""}`.trim(), row.userId ?? ids.alice);
    await row.settle?.(h, since);
    const traffic = h.node.requests
      .slice(since)
      // Session-level updates (resuming) belong to the node connection, not to the command.
      .filter((r) => r.path.includes("/players/") || !r.path.startsWith("/v4/sessions/"))
      .map(
        (r) =>
          `${r.method} ${r.path.replace(session, "S")} ${JSON.stringify(r.query)} ${JSON.stringify(r.body ?? null)}`,
      )
      .map((line) => line.replace(/"(token|sessionId)":"[^"]+"/g, '"$1":"…"'))
      .sort();
    const shown = normalise(
      JSON.stringify({ content: reply.content, embeds: reply.embeds, components: reply.components }),
    );
    return { traffic, shown };
  } finally {
    await h.stop();
  }
}

describe("slash and prefix parity", () => {
  it("covers every command and every subcommand of the manifest", () => {
    const covered = new Set(Object.entries(table).map(([key, row]) => row.command ?? key));
    expect([...covered].sort()).toEqual(
      commandManifest()
        .flatMap((d) => (d.subcommands ? d.subcommands.map((s) => `${d.name} ${s.name}`) : [d.name]))
        .sort(),
    );
  });

  it("help lists every command with its usage, within Discord's embed limits", async () => {
    const h = await startHarness();
    try {
      const help = await slashReply(h, "help");
      const fields = help.embeds[0].fields as { name: string; value: string }[];
      const text = fields.map((f) => f.value).join("\n");
      for (const def of commandManifest()) expect(text).toContain(`\`${usage(def, "/")}\`: ${def.description}`);
      const playlistHelp = await slashReply(h, "help", ids.alice, { command: "playlist" });
      expect(playlistHelp.content).toContain("`/playlist add <name> [what]`: Add the current track");
      expect(fields.every((f) => f.value.length <= 1024)).toBe(true);
      const viaPrefix = await prefixReply(h, "help");
      expect(JSON.stringify(viaPrefix.embeds)).toContain("`!skip [to]`");
    } finally {
      await h.stop();
    }
  });

  for (const [name, row] of Object.entries(table)) {
    it(`${name}: same node traffic and same reply`, async () => {
      const [viaSlash, viaPrefix] = await Promise.all([runOnce(name, row, "slash"), runOnce(name, row, "prefix")]);
      expect(viaPrefix.shown).toBe(viaSlash.shown);
      expect(viaPrefix.traffic).toEqual(viaSlash.traffic);
      // A refusal would be the same both ways too; make sure each row really ran its command.
      expect(viaSlash.shown).not.toMatch(/Only a DJ|Join a voice channel|Usage:|Something went wrong/);
    });
  }
});
