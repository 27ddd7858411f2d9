import { afterEach, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import type { LavalinkRequest } from "../fakes/lavalink/index.ts";
import { ids } from "../helpers/fixtures.ts";
import { type Harness, restartApp, startHarness, waitUntil } from "../helpers/harness.ts";
import { play, slashReply } from "../helpers/player-driver.ts";

/** Plays three tracks, sets volume, loop and a filter, and seeks into the first track. */
async function playThreeWithState(h: Harness) {
  await play(h, "never gonna give");
  await play(h, "despacito");
  await play(h, "bohemian");
  await h.node.waitForRequest((r) => r.method === "PATCH" && r.body?.track?.encoded);
  const player = h.app.lavalink.getPlayer(ids.guild);
  if (!player) throw new Error("no player");
  await player.setVolume(80);
  await player.setRepeatMode("queue");
  await slashReply(h, "filter", ids.alice, { preset: "nightcore" });
  await h.node.waitForRequest((r) => r.method === "PATCH" && r.body?.filters?.timescale?.speed === 1.2);
  await player.seek(60_000);
  await h.node.waitForRequest((r) => r.method === "PATCH" && r.body?.position === 60_000);
}

const trackStart = (since: number) => (r: LavalinkRequest) =>
  r.method === "PATCH" && r.path.endsWith(`/players/${ids.guild}`) && !!r.body?.track?.encoded && r.at >= since;
const lines = (h: Harness, from: number, msg: string) => h.logs.slice(from).filter((l) => l.includes(`"msg":"${msg}"`));

describe("restoring a saved player on a failing node", () => {
  let h: Harness;
  let second: App | null = null;
  afterEach(async () => {
    await second?.stop();
    second = null;
    await h.stop();
  });

  it("a 5xx to the restored track is not a restore: the saved state stays, the failures count against the breaker, and the restore is retried until the node accepts", async () => {
    h = await startHarness();
    await playThreeWithState(h);
    await h.app.stop();
    await h.node.restart(); // the node lost its sessions: the saved player is rebuilt from the store
    h.node.failTrackStarts(3, 500);
    const from = h.logs.length;
    const restartedAt = Date.now();
    second = await restartApp(h);

    const accepted = await h.node.waitForRequest((r) => trackStart(restartedAt)(r) && r.status === 200, 15_000);
    const refused = h.node.requests.filter((r) => trackStart(restartedAt)(r) && r.status === 500);
    expect(refused).toHaveLength(3);
    // Every attempt, the accepted one included, asks for the saved track at the saved position with its state.
    for (const attempt of [...refused, accepted]) {
      expect(attempt.body.position).toBeGreaterThanOrEqual(60_000);
      expect(attempt.body.volume).toBe(80);
      expect(attempt.body.filters?.timescale).toMatchObject({ speed: 1.2, pitch: 1.2 });
    }
    // The refused attempts were not reported as restored.
    const summaries = lines(h, from, "saved players restored");
    expect(summaries.slice(0, 3).every((l) => l.includes('"restored":0'))).toBe(true);
    await waitUntil(() => lines(h, from, "restored playback").length === 1, 5000, "the restore to be reported");
    // Three node failures in a row opened the breaker; the accepted retry (its half-open probe) closed it again.
    const breaker = lines(h, from, "music circuit breaker changed state");
    expect(breaker.some((l) => l.includes('"from":"closed","to":"open"'))).toBe(true);
    expect(breaker.at(-1)).toContain('"to":"closed"');

    // Nothing saved was lost on the way: the whole queue and its state came back.
    expect(h.node.player(ids.guild)?.track?.info.title).toBe("Never Gonna Give You Up");
    await waitUntil(() => second?.music.snapshot(ids.guild)?.current != null, 5000, "the restored player");
    const snap = second.music.snapshot(ids.guild);
    expect(snap?.current?.title).toBe("Never Gonna Give You Up");
    expect(snap?.upcoming.map((t) => t.title)).toEqual(["Despacito", "Bohemian Rhapsody"]);
    expect(snap?.loop).toBe("queue");
    expect(snap?.volume).toBe(80);
    expect(snap?.filters.join(" ")).toMatch(/nightcore/i);
  });

  it("while the node keeps refusing, the saved state survives another restart intact", async () => {
    h = await startHarness();
    await playThreeWithState(h);
    await h.app.stop();
    await h.node.restart();
    h.node.failTrackStarts(1000, 503);
    const restartedAt = Date.now();
    second = await restartApp(h);
    const refusals = () => h.node.requests.filter((r) => trackStart(restartedAt)(r) && r.status === 503).length;
    await waitUntil(() => refusals() >= 2, 10_000, "the restore and its retry to be refused");
    await second.stop();
    second = null;
    expect(h.node.requests.some((r) => trackStart(restartedAt)(r) && r.status < 300)).toBe(false);

    // The node is healthy again; the next start restores what was saved before the failures.
    await h.node.restart();
    h.node.clearFailures();
    const again = Date.now();
    second = await restartApp(h);
    const patch = await h.node.waitForRequest((r) => trackStart(again)(r) && r.status === 200, 8000);
    expect(patch.body.position).toBeGreaterThanOrEqual(60_000);
    expect(patch.body.volume).toBe(80);
    await waitUntil(() => second?.music.snapshot(ids.guild)?.current != null, 5000, "the restored player");
    expect(second.music.snapshot(ids.guild)?.upcoming.map((t) => t.title)).toEqual(["Despacito", "Bohemian Rhapsody"]);
  });
});
