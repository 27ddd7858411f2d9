import { afterEach, describe, expect, it } from "vitest";
import { FakeLavalink } from "../fakes/lavalink/index.ts";
import { catalog, ids } from "../helpers/fixtures.ts";
import { type Harness, startHarness, waitUntil } from "../helpers/harness.ts";
import { play, slashReply } from "../helpers/player-driver.ts";

describe("node loss with two nodes", () => {
  let h: Harness;
  let second: FakeLavalink;
  afterEach(async () => {
    await h.stop();
    await second.stop();
  });

  it("moves a playing guild to the other node with its track, position and queue", async () => {
    second = await FakeLavalink.start({ catalog, playerUpdateIntervalMs: 500 });
    h = await startHarness({ extraNodes: [second] });
    await second.waitForConnection(5000);
    await play(h, "never gonna give");
    await play(h, "despacito");
    const onFirst = h.node.player(ids.guild)?.track !== undefined && h.node.player(ids.guild)?.track !== null;
    const [from, to] = onFirst ? [h.node, second] : [second, h.node];
    await from.waitForRequest((r) => r.method === "PATCH" && r.body?.track?.encoded);
    await from.kill();
    const moved = await to.waitForRequest((r) => r.method === "PATCH" && r.body?.track?.encoded, 8000);
    expect(to.player(ids.guild)?.track?.info.title).toBe("Never Gonna Give You Up");
    expect(moved.body.voice?.channelId ?? to.player(ids.guild)?.voice?.channelId).toBe(ids.voice);
    await waitUntil(() => h.app.music.snapshot(ids.guild)?.upcoming.length === 1, 5000, "the queue on the new node");
    expect(h.app.music.snapshot(ids.guild)?.upcoming[0]?.title).toBe("Despacito");
  });
});

describe("the only node restarts while Encore runs", () => {
  let h: Harness;
  afterEach(async () => {
    await h.stop();
  });

  it("rebuilds the guild's player on the node's new session: same track near the same position, same queue", async () => {
    h = await startHarness();
    await play(h, "bohemian");
    await play(h, "despacito");
    await slashReply(h, "seek", ids.alice, { time: "1:00" });
    await h.node.waitForRequest((r) => r.method === "PATCH" && r.body?.position === 60_000);
    const oldSession = h.node.sessionIds()[0];
    await h.node.kill();
    await h.node.restart();
    const restartedAt = Date.now();
    const newSession = await h.node.waitForConnection(5000);
    expect(newSession).not.toBe(oldSession);
    const patch = await h.node.waitForRequest(
      (r) => r.method === "PATCH" && r.body?.track?.encoded && r.at >= restartedAt,
      8000,
    );
    expect(patch.path).toBe(`/v4/sessions/${newSession}/players/${ids.guild}`);
    expect(patch.body.position).toBeGreaterThanOrEqual(60_000);
    expect(h.node.player(ids.guild)?.track?.info.title).toBe("Bohemian Rhapsody");
    await h.node.waitForRequest(
      (r) => r.method === "PATCH" && r.body?.voice?.channelId === ids.voice && r.at >= restartedAt,
    );
    expect(h.app.music.snapshot(ids.guild)?.upcoming.map((t) => t.title)).toEqual(["Despacito"]);
  });
});
