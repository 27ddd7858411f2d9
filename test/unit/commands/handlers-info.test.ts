import { describe, expect, it } from "vitest";
import * as exportCmd from "../../../src/commands/handlers/export.ts";
import * as forward from "../../../src/commands/handlers/forward.ts";
import * as grab from "../../../src/commands/handlers/grab.ts";
import * as help from "../../../src/commands/handlers/help.ts";
import * as lyrics from "../../../src/commands/handlers/lyrics.ts";
import * as ping from "../../../src/commands/handlers/ping.ts";
import * as rewind from "../../../src/commands/handlers/rewind.ts";
import * as setup from "../../../src/commands/handlers/setup.ts";
import * as stats from "../../../src/commands/handlers/stats.ts";
import { commandManifest } from "../../../src/commands/manifest.ts";
import type { ReplyPayload } from "../../../src/commands/types.ts";
import type { StatsSnapshot } from "../../../src/ops/stats.ts";
import {
  fakeContext,
  fakeMusic,
  fakeSnapshot,
  fakeTrack,
  refusalOf,
  replyText,
} from "../../helpers/command-context.ts";

const callsOf = (music: ReturnType<typeof fakeMusic>) => music.calls.filter((c) => c.name !== "snapshot");
const embedOf = (payload: ReplyPayload | undefined) =>
  typeof payload === "object" ? (payload.embeds?.[0] ?? null) : null;

describe("forward and rewind", () => {
  const at = (positionMs: number, over: Partial<ReturnType<typeof fakeTrack>> = {}) =>
    fakeMusic({ snapshot: fakeSnapshot({ positionMs, current: { ...fakeTrack("Now"), ...over } }) });

  it("forward jumps 10 seconds from the whole second shown, or the amount given", async () => {
    const music = at(65_500);
    const ctx = fakeContext({ music });
    await forward.run(ctx, {});
    await forward.run(ctx, { amount: 60_000 });
    expect(callsOf(music)).toEqual([
      { name: "seek", args: ["g1", 75_000] },
      { name: "seek", args: ["g1", 125_000] },
    ]);
    expect(ctx.replies.map(replyText)).toEqual([
      "Forwarded 0:10: now at 1:15 of 3:00.",
      "Forwarded 1:00: now at 2:05 of 3:00.",
    ]);
  });

  it("rewind stops at the start", async () => {
    const music = at(30_000);
    const ctx = fakeContext({ music });
    await rewind.run(ctx, { amount: 90_000 });
    expect(callsOf(music)).toEqual([{ name: "seek", args: ["g1", 0] }]);
    expect(ctx.replies.map(replyText)).toEqual(["Rewound 1:30: now at 0:00 of 3:00."]);
  });

  it("refuses past the end, a stream, and no player, without seeking", async () => {
    const end = at(170_000);
    expect(await refusalOf(forward.run(fakeContext({ music: end }), {}))).toEqual({
      code: "BAD_ARGUMENT",
      message: "Only 0:10 of this track is left: use skip to move on.",
    });
    const live = at(0, { isStream: true });
    expect((await refusalOf(rewind.run(fakeContext({ music: live }), {}))).code).toBe("NOT_SEEKABLE");
    const none = fakeMusic({ snapshot: null });
    expect(await refusalOf(forward.run(fakeContext({ music: none }), {}))).toEqual({
      code: "NO_PLAYER",
      message: "Nothing is playing right now.",
    });
    expect([...callsOf(end), ...callsOf(live), ...callsOf(none)]).toEqual([]);
  });
});

describe("lyrics", () => {
  it("shows the asked page of the current track's lyrics, clamped to the pages there are", async () => {
    const text = Array.from({ length: 120 }, (_, i) => `line ${i + 1} ${"la ".repeat(10)}`).join("\n");
    const music = fakeMusic({ results: { lyrics: { track: fakeTrack("Song"), text, provider: "LRCLIB" } } });
    const ctx = fakeContext({ music });
    await lyrics.run(ctx, {});
    await lyrics.run(ctx, { page: 99 });
    expect(callsOf(music)).toEqual([
      { name: "lyrics", args: ["g1"] },
      { name: "lyrics", args: ["g1"] },
    ]);
    const [first, last] = ctx.replies.map(embedOf);
    expect(first?.title).toBe("Lyrics: Song");
    expect(first?.description).toMatch(/^line 1 /);
    expect(first?.footer?.text).toBe("Page 1/3 · LRCLIB · use the page option for more");
    expect(last?.footer?.text).toBe("Page 3/3 · LRCLIB · use the page option for more");
    expect(last?.description).toContain("line 120");
  });
});

describe("grab", () => {
  it("sends the current track in a direct message and says so", async () => {
    const track = { ...fakeTrack("Song"), uri: "https://music.example/song" };
    const ctx = fakeContext({ music: fakeMusic({ snapshot: fakeSnapshot({ current: track }) }) });
    await grab.run(ctx);
    expect(ctx.dms).toEqual([
      {
        embeds: [
          {
            title: "Song",
            description: "by Artist · 3:00\nhttps://music.example/song",
            url: "https://music.example/song",
          },
        ],
      },
    ]);
    expect(ctx.replies.map(replyText)).toEqual(["I sent you **Song** by Artist in a direct message."]);
  });

  it("with nothing playing sends nothing; with DMs closed the refusal comes through", async () => {
    const idle = fakeContext({ music: fakeMusic({ snapshot: null }) });
    await grab.run(idle);
    expect(idle.dms).toEqual([]);
    expect(idle.replies.map(replyText)).toEqual(["Nothing is playing right now."]);
    const closed = fakeContext({ dmClosed: true });
    expect((await refusalOf(grab.run(closed))).code).toBe("DM_CLOSED");
    expect(closed.replies).toEqual([]);
  });
});

describe("export", () => {
  it("attaches the queue as a file import reads, leaving out tracks without a link", async () => {
    const link = (t: string) => ({ ...fakeTrack(t), uri: `https://music.example/${t}` });
    const snap = fakeSnapshot({ current: link("Now"), upcoming: [link("A"), fakeTrack("NoLink")] });
    const ctx = fakeContext({ music: fakeMusic({ snapshot: snap }), now: Date.UTC(2026, 10, 27) });
    await exportCmd.run(ctx);
    const reply = ctx.replies[0];
    if (typeof reply !== "object") throw new Error("export should attach a file");
    expect(reply.content).toBe(
      "The queue: **2** tracks (6:00). Load it again with `!import` and this file.\n1 without a link could not be exported.",
    );
    expect(reply.files?.[0]?.name).toBe("encore-queue-2026-11-27.json");
    const parsed = JSON.parse(String(reply.files?.[0]?.data)) as { format: string; tracks: { uri: string }[] };
    expect(parsed.format).toBe("encore.queue");
    expect(parsed.tracks.map((t) => t.uri)).toEqual(["https://music.example/Now", "https://music.example/A"]);
  });

  it("refuses an empty queue and a queue with no links", async () => {
    expect(await refusalOf(exportCmd.run(fakeContext({ music: fakeMusic({ snapshot: null }) })))).toEqual({
      code: "QUEUE_EMPTY",
      message: "The queue is empty: there is nothing to export.",
    });
    expect(await refusalOf(exportCmd.run(fakeContext()))).toEqual({
      code: "QUEUE_EMPTY",
      message: "None of the queued tracks has a link to export.",
    });
  });
});

describe("help", () => {
  const catalog = commandManifest();

  it("shows one command's usage, options and aliases, found by name or alias", async () => {
    const ctx = fakeContext({ catalog, prefix: "?" });
    await help.run(ctx, { command: "MV" });
    expect(ctx.replies.map(replyText)).toEqual([
      "`?move <from> <to>`: Move a track to another queue position\nAliases: `mv`\n`from`: Position of the track\n`to`: Where it should go",
    ]);
  });

  it("shows a command's subcommands with their usage", async () => {
    const ctx = fakeContext({ catalog });
    await help.run(ctx, { command: "settings" });
    const text = replyText(ctx.replies[0]);
    expect(text).toContain("`!settings show`: Show every setting of this server");
    expect(text).toContain("`!settings set <key> <value>`: Change a setting");
  });

  it("an unknown command is answered privately", async () => {
    const ctx = fakeContext({ catalog });
    await help.run(ctx, { command: "teleport" });
    expect(ctx.replies).toEqual([{ content: "There is no command by that name.", ephemeral: true }]);
  });

  it("lists every command by category; from a slash command it names the server's prefix", async () => {
    const ctx = fakeContext({ catalog, prefix: "/", settings: { prefix: "$" } });
    await help.run(ctx, {});
    const embed = embedOf(ctx.replies[0]);
    expect(embed?.description).toMatch(/^Use slash commands, or the prefix `\$`\./);
    const all = (embed?.fields ?? []).map((f) => f.value).join("\n");
    for (const def of catalog) expect(all).toContain(`\`/${def.name}`);
    expect((embed?.fields ?? []).map((f) => f.name)).toContain("Queue");
    for (const f of embed?.fields ?? []) expect(f.value.length).toBeLessThanOrEqual(1024);
  });
});

describe("ping", () => {
  it("reports the gateway, each node and the engine", async () => {
    const ctx = fakeContext({
      status: {
        gatewayPingMs: 42,
        nodes: [
          {
            id: "main",
            connected: true,
            players: 2,
            problems: [],
            server: "Lavalink 4.2.2",
            links: true,
            search: "SoundCloud",
          },
          { id: "backup", connected: false, players: 0, problems: [] },
        ],
      },
    });
    await ping.run(ctx);
    expect(ctx.replies.map(replyText)).toEqual([
      "Pong! Gateway 42 ms. Nodes: main: up, 2 players, Lavalink 4.2.2, links ✓, search: SoundCloud; backup: down. Engine: Lavalink.",
    ]);
  });

  it("says when the gateway has not measured yet and when prefix commands are off", async () => {
    const ctx = fakeContext({ status: { gatewayPingMs: -1, messageContentRefused: true } });
    await ping.run(ctx);
    const text = replyText(ctx.replies[0]);
    expect(text).toMatch(/^Pong! Gateway measuring…\. Nodes: none\./);
    expect(text).toContain("Prefix commands are off");
  });
});

describe("stats", () => {
  it("answers privately with the figures of the snapshot", async () => {
    const snapshot: StatsSnapshot = {
      uptimeSeconds: 3725,
      memory: { rssBytes: 100 * 1024 * 1024, heapUsedBytes: 40 * 1024 * 1024, pressure: "ok" },
      discord: { ready: true, guilds: 3, pingSeconds: [{ shard: 0, seconds: 0.05 }], messageContent: true },
      players: { lavalink: 2 },
      nodes: [],
      breaker: "closed",
      caches: [],
      refusals: { commands: 0, autocomplete: 0 },
    };
    const ctx = fakeContext({ stats: () => snapshot });
    await stats.run(ctx);
    const reply = ctx.replies[0];
    expect(typeof reply === "object" && reply.ephemeral).toBe(true);
    expect(replyText(reply)).toContain("Uptime 1h 2m · memory 100 MB RSS, heap 40 MB (pressure: ok)");
    expect(replyText(reply)).toContain("Discord: ready, 3 servers, gateway 50 ms");
  });
});

describe("setup", () => {
  function requests(canCleanUp: boolean, had: boolean) {
    const calls: unknown[][] = [];
    return {
      calls,
      control: {
        setUp: async (guildId: string, channelId: string) => {
          calls.push(["setUp", guildId, channelId]);
          return { canCleanUp };
        },
        tearDown: async (guildId: string) => {
          calls.push(["tearDown", guildId]);
          return had;
        },
      },
    };
  }

  it("makes this channel the request channel, and asks for Manage Messages when it cannot clean up", async () => {
    const tidy = requests(true, false);
    const ctx = fakeContext({ requestChannel: tidy.control, channelId: "c9" });
    await setup.run(ctx, {});
    expect(tidy.calls).toEqual([["setUp", "g1", "c9"]]);
    expect(ctx.replies.map(replyText)).toEqual([
      "<#c9> is now the request channel: any message here is a play request, and the player above shows what plays next.",
    ]);
    const messy = requests(false, false);
    const ctx2 = fakeContext({ requestChannel: messy.control });
    await setup.run(ctx2, { state: true });
    expect(replyText(ctx2.replies[0])).toContain("give me Manage Messages in this channel");
  });

  it("off ends the request channel, and says when there was none", async () => {
    const had = requests(true, true);
    const ctx = fakeContext({ requestChannel: had.control });
    await setup.run(ctx, { state: false });
    expect(had.calls).toEqual([["tearDown", "g1"]]);
    expect(ctx.replies.map(replyText)).toEqual(["The request channel is off: messages there are no longer requests."]);
    const none = fakeContext({ requestChannel: requests(true, false).control });
    await setup.run(none, { state: false });
    expect(none.replies.map(replyText)).toEqual(["There is no request channel."]);
  });
});
