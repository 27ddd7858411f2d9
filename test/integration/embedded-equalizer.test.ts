import { readFileSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AudioServer, audioDir, makeTone } from "../helpers/audio.ts";
import { ids } from "../helpers/fixtures.ts";
import { type Harness, startHarness, waitUntil } from "../helpers/harness.ts";
import { slashReply } from "../helpers/player-driver.ts";
import { childProcesses } from "../helpers/processes.ts";

let audio: AudioServer;

beforeAll(async () => {
  const dir = audioDir();
  await makeTone(dir, "long.mp3", { seconds: 40, title: "Long Tone" });
  audio = await AudioServer.start(dir);
});

afterAll(async () => {
  await audio?.stop();
});

/** The `-af` chains of the running ffmpeg processes (an old one may still be ending), from their command lines. */
function filterChain(): string | null {
  const chains: string[] = [];
  for (const pid of childProcesses("ffmpeg")) {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      const at = args.indexOf("-af");
      chains.push(at >= 0 ? (args[at + 1] ?? "") : "");
    } catch {
      // ended while we looked
    }
  }
  return chains.length > 0 ? chains.join(" | ") : null;
}

describe("embedded engine: equalizer and distortion", () => {
  let h: Harness;
  afterEach(async () => {
    await h?.stop();
  });

  it("plays the curve as ffmpeg equalizer bands and distortion as a soft clip", async () => {
    // The test audio is served from 127.0.0.1; only its host:port is let through the URL guard.
    h = await startHarness({ noNodes: true, voice: true, env: { URL_ALLOW_HOSTS: new URL(audio.url("")).host } });
    await slashReply(h, "play", ids.alice, { query: audio.url("long.mp3") });
    await h.voice?.waitForAudio(ids.guild, 10, 10_000);
    h.elapse(1000);
    const eq = await slashReply(h, "filter", ids.alice, { preset: "eq", value: "0:0.25 14:-0.25" });
    expect(eq.content).toBe("Filters: eq (custom).");
    await waitUntil(
      () => filterChain()?.includes("equalizer=f=25:t=o:w=1:g=6") ?? false,
      10_000,
      "ffmpeg with the curve",
    );
    expect(filterChain()).toContain("equalizer=f=16000:t=o:w=1:g=-40");
    h.elapse(1000);
    const distorted = await slashReply(h, "filter", ids.alice, { preset: "distortion" });
    expect(distorted.content).toBe("Filters: eq (custom), distortion.");
    await waitUntil(
      () => filterChain()?.includes("aeval=exprs=tanh(3*val(ch))") ?? false,
      10_000,
      "ffmpeg with distortion",
    );
    // ffmpeg accepted the chain: the guild keeps receiving audio.
    const before = h.voice?.audio(ids.guild).audio ?? 0;
    await h.voice?.waitForAudio(ids.guild, before + 10, 10_000);
  });
});
