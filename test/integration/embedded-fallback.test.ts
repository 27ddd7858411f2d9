import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AudioServer, audioDir, makeTone } from "../helpers/audio.ts";
import { catalog, ids } from "../helpers/fixtures.ts";
import { type Harness, startHarness, waitUntil } from "../helpers/harness.ts";
import { slashReply, waitPlaying } from "../helpers/player-driver.ts";
import { childProcesses } from "../helpers/processes.ts";

let audio: AudioServer;

beforeAll(async () => {
  const dir = audioDir();
  await makeTone(dir, "radio-edit.mp3", { seconds: 60, title: "Radio Edit" });
  audio = await AudioServer.start(dir);
});

afterAll(async () => {
  await audio?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("embedded fallback while every Lavalink node is down", () => {
  let h: Harness;
  afterEach(async () => h?.stop());

  it("takes over from the saved position when the only node dies, and hands back when it returns", async () => {
    const url = audio.url("radio-edit.mp3");
    const httpTrack = {
      identifier: url,
      title: "Radio Edit",
      author: "Encore Test",
      length: 60_000,
      uri: url,
      sourceName: "http",
    };
    // The test audio is served from 127.0.0.1; only its host:port is let through the URL guard.
    h = await startHarness({
      voice: true,
      env: { URL_ALLOW_HOSTS: new URL(audio.url("")).host },
      lavalink: { catalog: [...catalog, httpTrack] },
    });
    const reply = await slashReply(h, "play", ids.alice, { query: url });
    expect(reply.content).toMatch(/Now playing \*\*Radio Edit\*\*/);
    await waitPlaying(h, "Radio Edit");
    expect(h.app.music.snapshot(ids.guild)?.engine).toBe("lavalink");
    expect(h.voice?.audio(ids.guild).audio).toBe(0);

    await h.node.kill();
    await waitUntil(
      () => h.app.music.snapshot(ids.guild)?.engine === "embedded",
      10_000,
      "the embedded engine to take over",
    );
    await h.voice?.waitForAudio(ids.guild, 50, 10_000);
    const taken = h.app.music.snapshot(ids.guild);
    expect(taken?.current?.title).toBe("Radio Edit");
    expect(childProcesses("ffmpeg")).toHaveLength(1);

    await h.node.restart();
    await waitUntil(() => h.app.music.snapshot(ids.guild)?.engine === "lavalink", 10_000, "the hand-back to Lavalink");
    await waitPlaying(h, "Radio Edit");
    const back = h.node.player(ids.guild);
    expect(back?.track?.info.uri).toBe(url);
    await waitUntil(() => childProcesses("ffmpeg").length === 0, 5000, "the embedded ffmpeg to end");
    const before = h.voice?.audio(ids.guild).audio ?? 0;
    await sleep(1000);
    expect(h.voice?.audio(ids.guild).audio).toBe(before);
  });
});
