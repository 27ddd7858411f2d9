import { afterEach, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { ids } from "../helpers/fixtures.ts";
import { type Harness, restartApp, startHarness, waitUntil } from "../helpers/harness.ts";
import { play, slashReply } from "../helpers/player-driver.ts";

/** Plays three tracks, then sets volume, loop and a filter, and seeks into the first track. */
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

describe("restart-proof playback", () => {
  let h: Harness;
  let second: App | null = null;
  afterEach(async () => {
    await second?.stop();
    second = null;
    await h.stop();
  });

  it("after a graceful stop, a restart resumes the node session: same track, volume, filters, loop and queue", async () => {
    h = await startHarness();
    await playThreeWithState(h);
    const sessionId = h.node.sessionIds()[0];
    // The session was made resumable, with the timeout in seconds.
    const resumable = await h.node.waitForRequest(
      (r) => r.method === "PATCH" && r.path === `/v4/sessions/${sessionId}`,
    );
    expect(resumable.body).toEqual({ resuming: true, timeout: 60 });
    await h.app.stop();
    // The node player kept playing (no DELETE, no stop) while Encore was away.
    expect(h.node.requests.some((r) => r.method === "DELETE")).toBe(false);
    // …and Encore did not leave voice on its way out.
    expect(h.discord.received.some((f) => f.op === 4 && f.d.channel_id === null)).toBe(false);
    expect(h.node.player(ids.guild)?.track?.info.title).toBe("Never Gonna Give You Up");

    second = await restartApp(h);
    const resumed = await h.node.waitForHandshake((x) => x.headers["session-id"] === sessionId && x.resumed);
    expect(resumed.status).toBe(101);
    await waitUntil(
      () => second?.music.snapshot(ids.guild)?.current !== null && second?.music.snapshot(ids.guild) !== null,
      5000,
      "the player to be re-attached",
    );
    const snap = second.music.snapshot(ids.guild);
    expect(snap?.current?.title).toBe("Never Gonna Give You Up");
    expect(snap?.upcoming.map((t) => t.title)).toEqual(["Despacito", "Bohemian Rhapsody"]);
    expect(snap?.volume).toBe(80);
    expect(snap?.loop).toBe("queue");
    expect(snap?.positionMs).toBeGreaterThanOrEqual(60_000);
    // Encore rejoined voice with its new Discord session and gave the node fresh credentials.
    await h.discord.waitForGateway((f) => f.op === 4 && f.d.channel_id === ids.voice && f.at > resumed.at);
    await h.node.waitForRequest(
      (r) => r.method === "PATCH" && r.body?.voice?.channelId === ids.voice && r.at > resumed.at,
    );
    // The node player was never restarted: no new track PATCH after the resume.
    expect(h.node.requests.some((r) => r.method === "PATCH" && r.body?.track && r.at > resumed.at)).toBe(false);
    expect(h.node.player(ids.guild)?.filters?.timescale).toMatchObject({ speed: 1.2 });
    expect(snap?.filters.join(" ")).toMatch(/nightcore/i);
  });

  it("when the node lost the session, the saved track restarts at the saved position with its volume, filters and loop", async () => {
    h = await startHarness();
    await playThreeWithState(h);
    await h.app.stop();
    await h.node.restart(); // the node's sessions and players are gone
    const restartedAt = Date.now();
    second = await restartApp(h);
    const patch = await h.node.waitForRequest(
      (r) => r.method === "PATCH" && r.body?.track?.encoded && r.at >= restartedAt,
      8000,
    );
    expect(patch.body.position).toBeGreaterThanOrEqual(60_000);
    expect(patch.body.volume).toBe(80);
    expect(patch.body.filters?.timescale).toMatchObject({ speed: 1.2, pitch: 1.2 });
    expect(h.node.player(ids.guild)?.track?.info.title).toBe("Never Gonna Give You Up");
    const snap = second.music.snapshot(ids.guild);
    expect(snap?.upcoming.map((t) => t.title)).toEqual(["Despacito", "Bohemian Rhapsody"]);
    expect(snap?.loop).toBe("queue");
    expect(snap?.filters.join(" ")).toMatch(/nightcore/i);
    const voice = await h.node.waitForRequest(
      (r) => r.method === "PATCH" && r.body?.voice?.channelId === ids.voice && r.at >= restartedAt,
    );
    expect(voice.body.voice.token).toBeTruthy();
  });

  it("leave forgets the saved queue: a restart does not bring it back", async () => {
    h = await startHarness();
    await play(h, "despacito");
    await slashReply(h, "leave");
    await h.app.stop();
    await h.node.restart();
    second = await restartApp(h);
    await h.node.waitForConnection(5000);
    await waitUntil(() => second?.music.nodesAvailable() === true, 5000, "the node");
    expect(second.music.snapshot(ids.guild)).toBeNull();
  });
});
