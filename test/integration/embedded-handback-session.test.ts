import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AudioServer, audioDir, makeTone } from "../helpers/audio.ts";
import { catalog, ids } from "../helpers/fixtures.ts";
import { type Harness, startHarness, waitUntil } from "../helpers/harness.ts";
import { slashReply, waitPlaying } from "../helpers/player-driver.ts";
import { childProcesses } from "../helpers/processes.ts";

let audio: AudioServer;

beforeAll(async () => {
  const dir = audioDir();
  await makeTone(dir, "long-mix.mp3", { seconds: 60, title: "Long Mix" });
  await makeTone(dir, "b-side.mp3", { seconds: 30, title: "B Side" });
  audio = await AudioServer.start(dir);
});

afterAll(async () => {
  await audio?.stop();
});

const httpTrack = (file: string, title: string, length: number) => {
  const url = audio.url(file);
  return { identifier: url, title, author: "Encore Test", length, uri: url, sourceName: "http" };
};

describe("embedded fallback hand-back to a node that comes back without a session yet", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it("keeps playing on the embedded engine until the node's session exists, then hands back with the queue intact", async () => {
    const first = httpTrack("long-mix.mp3", "Long Mix", 60_000);
    const second = httpTrack("b-side.mp3", "B Side", 30_000);
    h = await startHarness({
      voice: true,
      env: { URL_ALLOW_HOSTS: new URL(audio.url("")).host },
      lavalink: { catalog: [...catalog, first, second] },
    });
    const harness = h;
    const snap = () => harness.app.music.snapshot(ids.guild);
    expect((await slashReply(harness, "play", ids.alice, { query: first.uri })).content).toMatch(/Now playing/);
    await waitPlaying(harness, "Long Mix");
    expect((await slashReply(harness, "play", ids.alice, { query: second.uri })).content).toMatch(/B Side/);
    await waitUntil(() => snap()?.upcoming.length === 1, 5000, "the second track queued");

    await harness.node.kill();
    await waitUntil(() => snap()?.engine === "embedded", 10_000, "the embedded engine to take over");
    await harness.voice?.waitForAudio(ids.guild, 50, 10_000);

    // The node comes back: its socket opens and it describes itself, but its session arrives 3 s later.
    harness.node.delayReady(3000);
    await harness.node.restart();
    const node = () => harness.app.lavalink.nodeManager.nodes.get("main");
    // The client keeps the last connection's info and session id across the reconnect: wait for this connection's
    // `connect` (socket open, /v4/info read), after which the stale session id must be gone until `ready`.
    const since = harness.node.requests.length;
    await waitUntil(
      () =>
        Boolean(node()?.connected) &&
        harness.node.requests.slice(since).some((r) => r.path === "/v4/info") &&
        !node()?.sessionId,
      10_000,
      "the node connected again, without a session",
    );
    // Still connecting: the guild stays on the embedded engine, which keeps sending audio.
    const heard = harness.voice?.audio(ids.guild).audio ?? 0;
    await waitUntil(() => (harness.voice?.audio(ids.guild).audio ?? 0) > heard + 20, 2000, "embedded audio meanwhile");
    expect(node()?.sessionId ?? null).toBeNull();
    expect(snap()?.engine).toBe("embedded");
    expect(snap()?.current?.title).toBe("Long Mix");
    expect(childProcesses("ffmpeg")).toHaveLength(1);

    // Once the session exists, the guild goes back to Lavalink with its current track and its queue.
    await waitUntil(() => Boolean(node()?.sessionId), 5000, "the node's session");
    await waitUntil(() => snap()?.engine === "lavalink", 10_000, "the hand-back to Lavalink");
    await waitPlaying(harness, "Long Mix");
    expect(harness.node.player(ids.guild)?.track?.info.uri).toBe(first.uri);
    expect(snap()?.upcoming.map((t) => t.title)).toEqual(["B Side"]);
    await waitUntil(() => childProcesses("ffmpeg").length === 0, 5000, "the embedded ffmpeg to end");
  });
});
