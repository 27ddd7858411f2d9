import { readFileSync } from "node:fs";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { UploadFile } from "../fakes/discord/index.ts";
import { audioDir, makeTone } from "../helpers/audio.ts";
import { ids } from "../helpers/fixtures.ts";
import { type Harness, startHarness, waitUntil } from "../helpers/harness.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let song: UploadFile;

beforeAll(async () => {
  // No tags: the title has to come from the file's name.
  const file = await makeTone(audioDir(), "my_song.mp3", { seconds: 30 });
  song = { name: "my_song.mp3", data: readFileSync(file), contentType: "audio/mpeg" };
});

const notes: UploadFile = { name: "notes.txt", data: "not music", contentType: "text/plain" };

function playSlash(h: Harness, file: UploadFile) {
  const upload = h.discord.uploadAttachment(ids.text, file);
  return h.discord
    .sendSlash({
      guildId: ids.guild,
      channelId: ids.text,
      userId: ids.alice,
      name: "play",
      options: [{ name: "file", type: 11, value: upload.id }],
    })
    .waitForResponse(15_000);
}

async function playPrefix(h: Harness, content: string, files: UploadFile[]) {
  const sent = h.discord.sendMessage({ guildId: ids.guild, channelId: ids.text, userId: ids.alice, content, files });
  return h.discord.waitForMessage(ids.text, (m) => m.message_reference?.message_id === sent.id, 15_000);
}

const loads = (h: Harness) =>
  h.node.requests.filter((r) => r.path === "/v4/loadtracks").map((r) => String(r.query.identifier));

describe("playing an attached file", () => {
  let h: Harness;
  afterEach(async () => {
    await h?.stop();
  });

  it("/play file: on the embedded engine streams the attachment, titled by its file name", async () => {
    // The fake Discord serves attachments from 127.0.0.1; only its host:port is let through the URL guard.
    h = await startHarness({ noNodes: true, voice: true, allowAttachmentHost: true });
    const reply = await playSlash(h, song);
    expect(reply.content).toContain("Now playing");
    expect(reply.content).toContain("my song");
    await h.voice?.waitForAudio(ids.guild, 25, 10_000);
    const before = h.voice?.audio(ids.guild).audio ?? 0;
    await sleep(1000);
    expect((h.voice?.audio(ids.guild).audio ?? 0) - before).toBeGreaterThan(20);
    expect(h.app.music.snapshot(ids.guild)).toMatchObject({ engine: "embedded", current: { title: "my song" } });
  });

  it("!play with files on Lavalink loads the message's first audio attachment by its URL", async () => {
    h = await startHarness({ lavalink: { httpFiles: true }, allowAttachmentHost: true });
    const reply = await playPrefix(h, "!p", [notes, song]);
    expect(reply.content).toContain("Now playing");
    expect(reply.content).toContain("my song");
    const attachmentLoads = loads(h);
    expect(attachmentLoads).toHaveLength(1);
    expect(attachmentLoads[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/attachments\/\d+\/\d+\/my_song\.mp3$/);
    const patch = await h.node.waitForRequest(
      (r) => r.method === "PATCH" && typeof r.body?.track?.encoded === "string",
    );
    const encoded = String((patch.body as { track: { encoded: string } }).track.encoded);
    expect(JSON.parse(Buffer.from(encoded, "base64").toString("utf8"))).toMatchObject({
      uri: attachmentLoads[0],
      sourceName: "http",
    });
    await waitUntil(() => h.app.music.snapshot(ids.guild)?.current?.title === "my song", 5000, "the file to play");
  });

  it("refuses a file that is not audio, slash and prefix, with nothing reaching a node", async () => {
    h = await startHarness({ lavalink: { httpFiles: true }, allowAttachmentHost: true });
    const viaSlash = await playSlash(h, notes);
    expect(viaSlash.content).toContain("That file isn't audio I can play");
    h.elapse(5000); // a person tries again
    const viaPrefix = await playPrefix(h, "!play", [notes]);
    expect(viaPrefix.content).toContain("That file isn't audio I can play");
    h.elapse(5000);
    const nothing = await playPrefix(h, "!play", []);
    expect(nothing.content).toContain("Tell me what to play");
    expect(loads(h)).toEqual([]);
    expect(h.node.requests.some((r) => r.path.includes("/players/"))).toBe(false);
    expect(h.app.music.snapshot(ids.guild)?.current ?? null).toBeNull();
  });
});
