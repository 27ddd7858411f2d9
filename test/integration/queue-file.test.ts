import { afterEach, describe, expect, it } from "vitest";
import type { StoredMessage, UploadFile } from "../fakes/discord/index.ts";
import { guildSpec, ids } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";
import { play, slashReply, waitPlaying } from "../helpers/player-driver.ts";

const titles = (h: Harness) => {
  const snap = h.app.music.snapshot(ids.guild);
  return [snap?.current?.title, ...(snap?.upcoming.map((t) => t.title) ?? [])].filter(Boolean);
};
const loads = (h: Harness) => h.node.requests.filter((r) => r.path === "/v4/loadtracks").map((r) => r.query.identifier);

interface ExportedFile {
  format: string;
  version: number;
  tracks: { title: string; uri: string }[];
}

async function fileOf(m: StoredMessage): Promise<{ name: string; json: ExportedFile }> {
  const [attachment] = m.attachments;
  const res = await fetch(attachment.url);
  return { name: attachment.filename, json: (await res.json()) as ExportedFile };
}

function importSlash(h: Harness, file: UploadFile, userId: string = ids.alice) {
  const upload = h.discord.uploadAttachment(ids.text, file);
  return h.discord
    .sendSlash({
      guildId: ids.guild,
      channelId: ids.text,
      userId,
      name: "import",
      options: [{ name: "file", type: 11, value: upload.id }],
    })
    .waitForResponse(10_000);
}

const queueFile = (tracks: object[], extra: object = {}) => ({
  name: "queue.json",
  data: JSON.stringify({
    format: "encore.queue",
    version: 1,
    exportedAt: "2026-01-01T00:00:00.000Z",
    tracks,
    ...extra,
  }),
});
const entry = (uri: string, title = "x") => ({ title, author: "y", uri, durationMs: 1000 });

describe("queue export and import as a JSON file", () => {
  let h: Harness;
  afterEach(async () => {
    await h?.stop();
  });

  it("export sends the queue as a file, import loads every link again and queues it (slash and prefix)", async () => {
    h = await startHarness();
    for (const q of ["never gonna give", "despacito", "bohemian"]) await play(h, q);
    await waitPlaying(h, "Never Gonna");
    const interaction = h.discord.sendSlash({
      guildId: ids.guild,
      channelId: ids.text,
      userId: ids.alice,
      name: "export",
    });
    const reply = await interaction.waitForResponse();
    expect(reply.content).toBe("The queue: **3** tracks (14:09). Load it again with `/import` and this file.");
    const message = await h.discord.waitForMessage(ids.text, (m) => m.interaction_id === interaction.id);

    const exported = await fileOf(message);
    expect(exported.name).toMatch(/^encore-queue-\d{4}-\d\d-\d\d\.json$/);
    expect(exported.json).toMatchObject({ format: "encore.queue", version: 1 });
    expect(exported.json.tracks.map((t: { title: string }) => t.title)).toEqual([
      "Never Gonna Give You Up",
      "Despacito",
      "Bohemian Rhapsody",
    ]);
    expect(exported.json.tracks[0]).toEqual({
      title: "Never Gonna Give You Up",
      author: "Rick Astley",
      uri: "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
      durationMs: 212_000,
      sourceName: "youtube",
      isStream: false,
    });
    const viaPrefix = h.discord.sendMessage({
      guildId: ids.guild,
      channelId: ids.text,
      userId: ids.alice,
      content: "!export",
    });
    const prefixMessage = await h.discord.waitForMessage(
      ids.text,
      (m) => m.message_reference?.message_id === viaPrefix.id,
    );
    // The bot may not attach files in this channel: a channel message (unlike an interaction reply) needs that.
    expect(prefixMessage.content).toBe(
      "I can't attach files in this channel: I need the Attach Files permission here (the slash command works anywhere).",
    );

    await slashReply(h, "leave");
    const before = loads(h).length;
    const imported = await importSlash(h, { name: exported.name, data: JSON.stringify(exported.json) });
    expect(imported.content).toMatch(/^Imported \*\*3\*\* tracks from encore-queue-[\d-]+\.json \(14:09\)\.$/);
    expect(titles(h)).toEqual(["Never Gonna Give You Up", "Despacito", "Bohemian Rhapsody"]);
    // Every link was loaded by the node again (the file carries no encoded tracks).
    expect(loads(h).slice(before).sort()).toEqual(exported.json.tracks.map((t: { uri: string }) => t.uri).sort());

    const sent = h.discord.sendMessage({
      guildId: ids.guild,
      channelId: ids.text,
      userId: ids.alice,
      content: "!import",
      files: [{ name: "mine.json", data: JSON.stringify(exported.json) }],
    });
    const again = await h.discord.waitForMessage(ids.text, (m) => m.message_reference?.message_id === sent.id);
    expect(again.content).toBe("Imported **3** tracks from mine.json (14:09).");
    expect(titles(h)).toHaveLength(6);
  });

  it("never trusts a file: every link passes the URL guard, internal ones are refused and never reach the node", async () => {
    h = await startHarness();
    const hostile = queueFile([
      entry("http://127.0.0.1:2333/v4/info", "loopback"),
      entry("http://169.254.169.254/latest/meta-data/", "metadata"),
      entry("http://metadata.example.net/x", "resolves to metadata"),
      entry("https://www.youtube.com/watch?v=kJQP7kiw5Fk", "Despacito"),
      entry("https://www.youtube.com/watch?v=doesnotexist", "gone"),
    ]);
    const reply = await importSlash(h, hostile);
    expect(reply.content).toBe(
      "Imported **1** tracks from queue.json (4:42).\nLeft out: 3 links were refused by the link rules, 1 could not be loaded.",
    );
    expect(titles(h)).toEqual(["Despacito"]);
    expect(loads(h).filter((u) => /127\.0\.0\.1|169\.254|metadata/.test(String(u)))).toEqual([]);

    const allBad = await importSlash(h, queueFile([entry("http://10.0.0.1/a.mp3")]));
    expect(allBad.content).toBe(
      "None of the tracks in that file could be queued: 1 link was refused by the link rules.",
    );
  });

  it("refuses files that are not queue files, with a clear answer and nothing queued", async () => {
    h = await startHarness();
    const cases: [UploadFile, string][] = [
      [{ name: "queue.json", data: "{ not json" }, "That file is not a queue file: it isn't valid JSON."],
      [{ name: "queue.json", data: "\u00ff\u00fe" }, "That file is not a queue file: it isn't valid JSON."],
      [queueFile([], { format: "other" }), "That is not a queue file Encore can read (format:"],
      [
        queueFile([entry("https://www.youtube.com/watch?v=kJQP7kiw5Fk")], { owner: "<@&1>" }),
        "(the file has fields a queue file doesn't have)",
      ],
      [
        queueFile([{ ...entry("https://www.youtube.com/watch?v=kJQP7kiw5Fk"), encoded: "QUFB" }]),
        "(tracks.0 has fields",
      ],
      [
        queueFile([{ ...entry("https://www.youtube.com/watch?v=kJQP7kiw5Fk"), durationMs: -1 }]),
        "(tracks.0.durationMs:",
      ],
      [queueFile([]), "(tracks:"],
      [{ name: "queue.txt", data: "{}" }, "Attach a queue file: a .json file from export."],
    ];
    for (const [file, message] of cases) {
      const reply = await importSlash(h, file);
      expect(reply.content).toContain(message);
      expect(reply.content).not.toContain("<@&1>");
      h.elapse(5000); // a person picks the next file
    }
    expect(h.app.music.snapshot(ids.guild)?.current ?? null).toBeNull();
    const missing = h.discord.sendMessage({
      guildId: ids.guild,
      channelId: ids.text,
      userId: ids.alice,
      content: "!import",
    });
    const noFile = await h.discord.waitForMessage(ids.text, (m) => m.message_reference?.message_id === missing.id);
    expect(noFile.content).toBe("Attach the file. Usage: `!import <attached file>`");
  });

  it("QUEUE_IMPORT_MAX_BYTES: a file over the limit is refused, whatever size it claims", async () => {
    h = await startHarness({ env: { QUEUE_IMPORT_MAX_BYTES: "1024" } });
    const big = queueFile(
      Array.from({ length: 20 }, (_, i) => entry(`https://www.youtube.com/watch?v=kJQP7kiw5F${i}`)),
    );
    expect(Buffer.byteLength(big.data)).toBeGreaterThan(1024);
    expect((await importSlash(h, big)).content).toBe("That file is too large: I read files up to 1 KB.");
    h.elapse(5000);
    expect((await importSlash(h, { ...big, size: 100 })).content).toBe(
      "That file is too large: I read files up to 1 KB.",
    );
    expect(loads(h)).toEqual([]);
  });

  it("export as a prefix command attaches the file where the bot has Attach Files", async () => {
    const spec = guildSpec();
    spec.roles[0] = {
      ...spec.roles[0],
      permissions: String(BigInt(spec.roles[0]?.permissions ?? "0") | (1n << 15n)),
    } as never;
    h = await startHarness({ discord: { guilds: [spec] } });
    await play(h, "despacito");
    const sent = h.discord.sendMessage({
      guildId: ids.guild,
      channelId: ids.text,
      userId: ids.alice,
      content: "!export",
    });
    const reply = await h.discord.waitForMessage(ids.text, (m) => m.message_reference?.message_id === sent.id);
    expect(reply.content).toBe("The queue: **1** track (4:42). Load it again with `!import` and this file.");
    expect((await fileOf(reply)).json.tracks.map((t: { title: string }) => t.title)).toEqual(["Despacito"]);
  });

  it("export of an empty queue says so", async () => {
    h = await startHarness();
    const reply = await slashReply(h, "export");
    expect(reply.content).toBe("The queue is empty: there is nothing to export.");
  });
});
