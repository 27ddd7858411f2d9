import { afterEach, describe, expect, it } from "vitest";
import { ids } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";
import { parseMetrics } from "../helpers/metrics.ts";
import { play, playerPatches, slashReply, waitPlaying } from "../helpers/player-driver.ts";

const NODE_ERROR = "The music node couldn't do that just now. Please try again.";
const UNAVAILABLE = "Music nodes are unavailable, retrying… please try again in a moment.";

/** The breaker's state as /metrics reports it (the state label whose series is 1). */
async function breakerMetric(h: Harness): Promise<string | undefined> {
  const m = parseMetrics(await (await fetch(`http://127.0.0.1:${h.app.httpPort()}/metrics`)).text());
  return ["closed", "half-open", "open"].find((state) => m.sample("encore_music_breaker_state", { state }) === 1);
}

/** Runs a command as a member at a person's pace (the production rate limit stays on). */
async function command(h: Harness, name: string, values: Record<string, string | number> = {}) {
  h.elapse(10_000);
  return (await slashReply(h, name, ids.alice, values)).content;
}

const nodePlayer = (h: Harness) => h.node.player(ids.guild);
const encoreView = (h: Harness) => h.app.music.snapshot(ids.guild);

// Production defaults throughout: the breaker opens after 3 failed node calls in a row.
describe("a node that answers a player update with an error", () => {
  let h: Harness;
  afterEach(async () => {
    await h.stop();
  });

  it("pause, resume, volume, seek, skip, skip-to and stop say the node failed, and Encore's view of the player stays true", async () => {
    h = await startHarness();
    await play(h, "despacito");
    await play(h, "never gonna give you up");
    await play(h, "bohemian rhapsody");
    await waitPlaying(h, "Despacito");
    const upcoming = [expect.stringContaining("Never Gonna"), expect.stringContaining("Bohemian")];

    h.node.failPlayerUpdates(1, 500);
    expect(await command(h, "pause")).toBe(NODE_ERROR);
    expect(nodePlayer(h)?.paused).toBe(false);
    expect(encoreView(h)?.paused).toBe(false);
    // The member tries again once the node answers: Encore did not think it was already paused.
    expect(await command(h, "pause")).toBe("Paused.");
    expect(nodePlayer(h)?.paused).toBe(true);

    h.node.failPlayerUpdates(1, 500);
    expect(await command(h, "resume")).toBe(NODE_ERROR);
    expect(nodePlayer(h)?.paused).toBe(true);
    expect(encoreView(h)?.paused).toBe(true);
    expect(await command(h, "resume")).not.toBe(NODE_ERROR);
    expect(nodePlayer(h)?.paused).toBe(false);

    const volume = encoreView(h)?.volume;
    h.node.failPlayerUpdates(1, 500);
    expect(await command(h, "volume", { level: 30 })).toBe(NODE_ERROR);
    expect(encoreView(h)?.volume).toBe(volume);
    expect(nodePlayer(h)?.volume).toBe(volume);
    expect(await command(h, "volume", { level: 30 })).toBe("Volume set to 30%.");
    expect(encoreView(h)?.volume).toBe(30);
    expect(nodePlayer(h)?.volume).toBe(30);

    h.node.failPlayerUpdates(1, 500);
    expect(await command(h, "seek", { time: "2:00" })).toBe(NODE_ERROR);
    expect(nodePlayer(h)?.position ?? 0).toBeLessThan(60_000);
    expect(encoreView(h)?.positionMs ?? 0).toBeLessThan(60_000);
    expect(await command(h, "seek", { time: "2:00" })).not.toBe(NODE_ERROR);
    expect(nodePlayer(h)?.position ?? 0).toBeGreaterThanOrEqual(120_000);
    expect(encoreView(h)?.positionMs ?? 0).toBeGreaterThanOrEqual(120_000);

    h.node.failPlayerUpdates(1, 500);
    expect(await command(h, "skip")).toBe(NODE_ERROR);
    expect(nodePlayer(h)?.track?.info.title).toContain("Despacito");
    expect(encoreView(h)?.current?.title).toContain("Despacito");
    expect(encoreView(h)?.upcoming.map((t) => t.title)).toEqual(upcoming);

    // Skipping to a later track drops the ones before it only once the node has ended the current one.
    h.node.failPlayerUpdates(1, 500);
    expect(await command(h, "skipto", { position: 2 })).toBe(NODE_ERROR);
    expect(nodePlayer(h)?.track?.info.title).toContain("Despacito");
    expect(encoreView(h)?.upcoming.map((t) => t.title)).toEqual(upcoming);
    expect(await command(h, "volume", { level: 35 })).toBe("Volume set to 35%.");

    // A failed stop keeps the queue it cleared for the node: nothing is lost.
    h.node.failPlayerUpdates(1, 500);
    expect(await command(h, "stop")).toBe(NODE_ERROR);
    expect(nodePlayer(h)?.track?.info.title).toContain("Despacito");
    expect(encoreView(h)?.upcoming.map((t) => t.title)).toEqual(upcoming);

    // Never three failures in a row, so the breaker stayed closed.
    expect(await breakerMetric(h)).toBe("closed");
  });

  it("failed player updates in a row open the circuit breaker; then nothing more reaches the node", async () => {
    h = await startHarness();
    await play(h, "despacito");
    await waitPlaying(h, "Despacito");

    h.node.failPlayerUpdates(3, 503);
    expect(await command(h, "pause")).toBe(NODE_ERROR);
    expect(await command(h, "volume", { level: 40 })).toBe(NODE_ERROR);
    expect(await command(h, "seek", { time: "1:00" })).toBe(NODE_ERROR);
    expect(await breakerMetric(h)).toBe("open");

    const patches = playerPatches(h).length;
    expect(await command(h, "pause")).toBe(UNAVAILABLE);
    expect(playerPatches(h)).toHaveLength(patches);
    expect(nodePlayer(h)?.paused).toBe(false);
    expect(encoreView(h)?.paused).toBe(false);
  });

  it("a player update the node refuses (4xx) is answered, but does not count against the breaker", async () => {
    h = await startHarness();
    await play(h, "despacito");
    await waitPlaying(h, "Despacito");

    h.node.failPlayerUpdates(4, 400);
    for (let i = 0; i < 4; i++) {
      expect(await command(h, "pause")).toMatch(/^The music node refused that/);
    }
    expect(await breakerMetric(h)).toBe("closed");
    expect(encoreView(h)?.paused).toBe(false);
    expect(await command(h, "pause")).toBe("Paused.");
  });

  describe("when it fails the update that starts a track", () => {
    /** A connected player with nothing playing (the member stopped it). */
    async function idlePlayer(): Promise<void> {
      await play(h, "despacito");
      await waitPlaying(h, "Despacito");
      expect(await command(h, "stop")).not.toBe(NODE_ERROR);
      expect(encoreView(h)?.current ?? null).toBeNull();
    }

    it("/play on an idle player says the node failed and changes nothing; trying again plays the track once", async () => {
      h = await startHarness();
      await idlePlayer();

      h.node.failPlayerUpdates(1, 500);
      expect(await command(h, "play", { query: "never gonna give you up" })).toBe(NODE_ERROR);
      expect(nodePlayer(h)?.track ?? null).toBeNull();
      expect(encoreView(h)?.current ?? null).toBeNull();
      // The failed command changed nothing: trying it again plays the track once, not twice.
      expect(encoreView(h)?.upcoming).toEqual([]);

      expect(await command(h, "play", { query: "never gonna give you up" })).toMatch(/Now playing.*Never Gonna/);
      await waitPlaying(h, "Never Gonna");
      expect(encoreView(h)?.current?.title).toContain("Never Gonna");
      expect(encoreView(h)?.upcoming).toEqual([]);
      expect(await breakerMetric(h)).toBe("closed");
    });

    it("failed starts count against the breaker; refused ones (4xx) do not", async () => {
      h = await startHarness();
      await idlePlayer();

      h.node.failPlayerUpdates(3, 400);
      for (let i = 0; i < 3; i++) {
        expect(await command(h, "play", { query: "bohemian rhapsody" })).toMatch(/^The music node refused that/);
      }
      expect(await breakerMetric(h)).toBe("closed");
      expect(encoreView(h)?.upcoming).toEqual([]);

      h.node.failPlayerUpdates(3, 503);
      for (let i = 0; i < 3; i++) {
        expect(await command(h, "play", { query: "bohemian rhapsody" })).toBe(NODE_ERROR);
      }
      expect(await breakerMetric(h)).toBe("open");
      expect(nodePlayer(h)?.track ?? null).toBeNull();
      expect(encoreView(h)?.current ?? null).toBeNull();
    });

    it("/previous says the node failed and leaves the current track, the queue and the history as they were", async () => {
      h = await startHarness();
      await play(h, "despacito");
      await play(h, "never gonna give you up");
      await waitPlaying(h, "Despacito");
      expect(await command(h, "skip")).not.toBe(NODE_ERROR);
      await waitPlaying(h, "Never Gonna");

      h.node.failPlayerUpdates(1, 500);
      expect(await command(h, "previous")).toBe(NODE_ERROR);
      expect(nodePlayer(h)?.track?.info.title).toContain("Never Gonna");
      expect(encoreView(h)?.current?.title).toContain("Never Gonna");
      expect(encoreView(h)?.upcoming).toEqual([]);

      expect(await command(h, "previous")).not.toBe(NODE_ERROR);
      await waitPlaying(h, "Despacito");
      expect(encoreView(h)?.current?.title).toContain("Despacito");
      expect(encoreView(h)?.upcoming.map((t) => t.title)).toEqual([expect.stringContaining("Never Gonna")]);
    });
  });
});
