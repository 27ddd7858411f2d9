import { afterEach, describe, expect, it } from "vitest";
import { ids } from "../helpers/fixtures.ts";
import { type Harness, startHarness, waitUntil } from "../helpers/harness.ts";

const STRING = 3;
const play = (h: Harness, value: string) =>
  h.discord.sendSlash({
    guildId: ids.guild,
    channelId: ids.text,
    userId: ids.alice,
    name: "play",
    options: [{ name: "query", type: STRING, value }] as never,
  });

describe("a node whose socket is open but which has no session yet", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it("is not usable: /play answers that the nodes are unavailable, joins nothing, and plays once the session exists", async () => {
    h = await startHarness({ start: false });
    const harness = h;
    // The node accepts the connection and describes itself, but gives it its session id only later.
    harness.node.delayReady(2500);
    await harness.app.start();
    const node = () => harness.app.lavalink.nodeManager.nodes.get("main");
    await waitUntil(() => Boolean(node()?.connected && node()?.info), 5000, "the node's socket and /v4/info");
    expect(node()?.sessionId ?? null).toBeNull();

    const start = Date.now();
    const reply = await play(harness, "despacito").waitForResponse(3000);
    expect(reply.content).toBe("Music nodes are unavailable, retrying… please try again in a moment.");
    expect(Date.now() - start).toBeLessThan(1000);
    expect(harness.discord.received.filter((f) => f.op === 4)).toEqual([]);
    expect(harness.node.requests.filter((r) => r.path.startsWith("/v4/loadtracks"))).toEqual([]);
    // Readiness agrees: not ready while no node has a session.
    const notReady = await fetch(`http://127.0.0.1:${harness.app.httpPort()}/readyz`);
    expect(notReady.status).toBe(503);
    expect(harness.app.music.nodesAvailable()).toBe(false);

    await waitUntil(() => Boolean(node()?.sessionId), 5000, "the node's session");
    await waitUntil(() => harness.app.music.nodesAvailable(), 5000, "the node to be usable");
    const ok = await play(harness, "despacito").waitForResponse(5000);
    expect(ok.content).toMatch(/^Now playing \*\*Despacito\*\*/);
    await harness.node.waitForRequest((r) => r.method === "PATCH" && r.body?.track?.encoded && r.status === 200, 5000);
    expect((await fetch(`http://127.0.0.1:${harness.app.httpPort()}/readyz`)).status).toBe(200);
  });
});
