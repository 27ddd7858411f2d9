import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AudioServer, audioDir, makeTone } from "../helpers/audio.ts";
import { ids } from "../helpers/fixtures.ts";
import { type Harness, startHarness, waitUntil } from "../helpers/harness.ts";
import { slashReply } from "../helpers/player-driver.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let audio: AudioServer;

beforeAll(async () => {
  const dir = audioDir();
  await makeTone(dir, "tone-a.mp3", { seconds: 30, title: "Tone A", artist: "Encore Test" });
  await makeTone(dir, "tone-b.mp3", { seconds: 3, title: "Tone B", artist: "Encore Test", hz: 660 });
  audio = await AudioServer.start(dir);
});

afterAll(async () => {
  await audio?.stop();
});

/** Audio frames the fake voice server received for the guild during `ms`. */
async function framesDuring(h: Harness, ms: number): Promise<number> {
  const before = h.voice?.audio(ids.guild).audio ?? 0;
  await sleep(ms);
  return (h.voice?.audio(ids.guild).audio ?? 0) - before;
}

describe("embedded engine on the wire (no Lavalink node)", () => {
  let h: Harness;
  // The test audio is served from 127.0.0.1; only its host:port is let through the URL guard.
  beforeAll(async () => {
    h = await startHarness({ noNodes: true, voice: true, env: { URL_ALLOW_HOSTS: new URL(audio.url("")).host } });
  });
  afterAll(async () => h?.stop());

  it("plays a linked audio file: Opus frames arrive at about 50 per second", async () => {
    const reply = await slashReply(h, "play", ids.alice, { query: audio.url("tone-a.mp3") });
    expect(reply.content).toContain("Tone A");
    await h.voice?.waitForAudio(ids.guild, 25, 10_000);
    const frames = await framesDuring(h, 2000);
    expect(frames).toBeGreaterThan(50);
    expect(frames).toBeLessThan(150);
    expect(h.voice?.audio(ids.guild).undecryptable).toBe(0);
    expect(h.app.music.snapshot(ids.guild)?.engine).toBe("embedded");
  });

  it("/ping, /nowplaying and the metrics say the embedded engine plays", async () => {
    const ping = await slashReply(h, "ping");
    expect(ping.content).toMatch(/Nodes: none\. Engine: embedded, 1 playing, ffmpeg ✓/);
    const np = await slashReply(h, "nowplaying");
    expect(np.embeds[0]?.footer?.text).toBe("Playing on Encore's own engine");
    const metrics = await (await fetch(`http://127.0.0.1:${h.app.httpPort()}/metrics`)).text();
    expect(metrics).toMatch(/encore_players\{engine="embedded"\} 1/);
    const ready = (await (await fetch(`http://127.0.0.1:${h.app.httpPort()}/readyz`)).json()) as { checks: unknown };
    expect(ready.checks).toMatchObject({ embedded: true });
  });

  it("stops on pause and flows again on resume", async () => {
    expect((await slashReply(h, "pause")).content).toMatch(/pause/i);
    await sleep(300);
    expect(await framesDuring(h, 1000)).toBe(0);
    expect((await slashReply(h, "resume")).content).toMatch(/resum/i);
    await h.voice?.waitForAudio(ids.guild, (h.voice?.audio(ids.guild).audio ?? 0) + 25, 10_000);
  });

  it("moves to the next track and stops on stop", async () => {
    await slashReply(h, "play", ids.alice, { query: audio.url("tone-b.mp3") });
    await slashReply(h, "skip");
    await waitUntil(() => h.app.music.snapshot(ids.guild)?.current?.title === "Tone B", 5000, "Tone B to play");
    await h.voice?.waitForAudio(ids.guild, (h.voice?.audio(ids.guild).audio ?? 0) + 25, 10_000);
    await slashReply(h, "stop");
    await sleep(300);
    expect(await framesDuring(h, 1000)).toBe(0);
  });
});
