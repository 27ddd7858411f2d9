import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { AudioServer, audioDir, makeTone } from "../helpers/audio.ts";
import { ids } from "../helpers/fixtures.ts";
import { type Harness, restartApp, startHarness, waitUntil } from "../helpers/harness.ts";
import { slashReply } from "../helpers/player-driver.ts";
import { childProcesses } from "../helpers/processes.ts";

let audio: AudioServer;
let dir: string;

beforeAll(async () => {
  dir = audioDir();
  await makeTone(dir, "long.mp3", { seconds: 40, title: "Long Tone" });
  await makeTone(dir, "second.mp3", { seconds: 40, title: "Second Tone", hz: 550 });
  audio = await AudioServer.start(dir);
});

afterAll(async () => {
  await audio?.stop();
});

const ffmpegChildren = () => childProcesses("ffmpeg");

describe("embedded engine: processes and restarts", () => {
  let h: Harness;
  let second: App | null = null;
  afterEach(async () => {
    await second?.stop("test end");
    second = null;
    await h?.stop();
  });

  it("runs one ffmpeg per playing guild and leaves none behind on skip, stop, leave and shutdown", async () => {
    // The test audio is served from 127.0.0.1; only its host:port is let through the URL guard.
    h = await startHarness({ noNodes: true, voice: true, env: { URL_ALLOW_HOSTS: new URL(audio.url("")).host } });
    await slashReply(h, "play", ids.alice, { query: audio.url("long.mp3") });
    await h.voice?.waitForAudio(ids.guild, 10, 10_000);
    expect(ffmpegChildren()).toHaveLength(1);
    await slashReply(h, "play", ids.alice, { query: audio.url("second.mp3") });
    await slashReply(h, "skip");
    await waitUntil(() => h.app.music.snapshot(ids.guild)?.current?.title === "Second Tone", 5000, "the next track");
    await h.voice?.waitForAudio(ids.guild, (h.voice?.audio(ids.guild).audio ?? 0) + 10, 10_000);
    expect(ffmpegChildren()).toHaveLength(1);
    await slashReply(h, "stop");
    await waitUntil(() => ffmpegChildren().length === 0, 5000, "ffmpeg to end after stop");
    await slashReply(h, "play", ids.alice, { query: audio.url("long.mp3") });
    await waitUntil(() => ffmpegChildren().length === 1, 5000, "ffmpeg for the new track");
    await slashReply(h, "leave");
    await waitUntil(() => ffmpegChildren().length === 0, 5000, "ffmpeg to end after leave");
    await slashReply(h, "play", ids.alice, { query: audio.url("long.mp3") });
    await waitUntil(() => ffmpegChildren().length === 1, 5000, "ffmpeg for the new track");
    await h.app.stop("test shutdown");
    await waitUntil(() => ffmpegChildren().length === 0, 5000, "ffmpeg to end at shutdown");
  });

  it("a paused guild holds no ffmpeg; a dead link is refused with a clear message while the track plays on", async () => {
    h = await startHarness({ noNodes: true, voice: true, env: { URL_ALLOW_HOSTS: new URL(audio.url("")).host } });
    await slashReply(h, "play", ids.alice, { query: audio.url("long.mp3") });
    await h.voice?.waitForAudio(ids.guild, 10, 10_000);
    await slashReply(h, "pause");
    await waitUntil(() => ffmpegChildren().length === 0, 5000, "ffmpeg to end while paused");
    await slashReply(h, "resume");
    await waitUntil(() => ffmpegChildren().length === 1, 5000, "ffmpeg to start again on resume");
    const missing = await slashReply(h, "play", ids.alice, { query: audio.url("missing.mp3") });
    expect(missing.content).toMatch(/HTTP 404/);
    expect(h.app.music.snapshot(ids.guild)?.current?.title).toBe("Long Tone");
  });

  it("comes back after a restart at the saved position", async () => {
    h = await startHarness({ noNodes: true, voice: true, env: { URL_ALLOW_HOSTS: new URL(audio.url("")).host } });
    await slashReply(h, "play", ids.alice, { query: audio.url("long.mp3") });
    await h.voice?.waitForAudio(ids.guild, 150, 15_000);
    const before = h.app.music.snapshot(ids.guild)?.positionMs ?? 0;
    expect(before).toBeGreaterThan(2000);
    await h.app.stop("restart");
    expect(ffmpegChildren()).toHaveLength(0);
    const sessions = h.voice?.sessions.items.length ?? 0;
    second = await restartApp(h);
    await h.voice?.sessions.waitFor(
      (_s) => (h.voice?.sessions.items.length ?? 0) > sessions,
      10_000,
      "a new voice session",
    );
    const counted = h.voice?.audio(ids.guild).audio ?? 0;
    await h.voice?.waitForAudio(ids.guild, counted + 25, 10_000);
    const after = second.music.snapshot(ids.guild);
    expect(after?.current?.title).toBe("Long Tone");
    expect(after?.positionMs ?? 0).toBeGreaterThanOrEqual(before - 1000);
  });
});
