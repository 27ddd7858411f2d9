import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AudioServer, audioDir, makeTone } from "../helpers/audio.ts";
import { ids } from "../helpers/fixtures.ts";
import { type Harness, startHarness, waitUntil } from "../helpers/harness.ts";
import { slashReply } from "../helpers/player-driver.ts";
import { childProcesses } from "../helpers/processes.ts";

let audio: AudioServer;

beforeAll(async () => {
  const dir = audioDir();
  await makeTone(dir, "tone.mp3", { seconds: 60, title: "Close Code Tone" });
  audio = await AudioServer.start(dir);
});

afterAll(async () => {
  await audio?.stop();
});

describe("embedded engine: Discord voice close codes", () => {
  let h: Harness;
  afterEach(async () => h?.stop());

  const start = async () => {
    // The test audio is served from 127.0.0.1; only its host:port is let through the URL guard.
    h = await startHarness({ noNodes: true, voice: true, env: { URL_ALLOW_HOSTS: new URL(audio.url("")).host } });
    await slashReply(h, "play", ids.alice, { query: audio.url("tone.mp3") });
    await h.voice?.waitForAudio(ids.guild, 25, 10_000);
  };

  it("4014 (kicked or channel deleted): leaves, cleans up and kills ffmpeg", async () => {
    await start();
    h.voice?.close(ids.guild, 4014);
    await waitUntil(() => h.app.music.snapshot(ids.guild) === null, 10_000, "the player to be cleaned up");
    await waitUntil(() => childProcesses("ffmpeg").length === 0, 5000, "ffmpeg to end");
  });

  it("4006 (session no longer valid): rejoins and the audio flows again on a new session", async () => {
    await start();
    const sessions = h.voice?.sessions.items.length ?? 0;
    h.voice?.close(ids.guild, 4006);
    await h.voice?.sessions.waitFor(() => (h.voice?.sessions.items.length ?? 0) > sessions, 15_000, "a new session");
    await h.voice?.waitForAudio(ids.guild, (h.voice?.audio(ids.guild).audio ?? 0) + 25, 15_000);
    expect(h.app.music.snapshot(ids.guild)?.current?.title).toBe("Close Code Tone");
  });
});
