import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { FakeLavalink } from "../fakes/lavalink/index.ts";
import { catalog } from "../helpers/fixtures.ts";
import { type Harness, startHarness, waitUntil } from "../helpers/harness.ts";

/** Lines at warn (40) or above about the node. */
const loud = (h: Harness) => h.logs.filter((l) => /"level":(40|50|60)/.test(l) && l.includes("Lavalink node main"));
const attempts = (h: Harness) => h.logs.filter((l) => l.includes('"msg":"lavalink node reconnecting"')).length;

describe("node reconnects", () => {
  let h: Harness;
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await h.stop();
    for (const c of cleanups.splice(0)) await c();
  });

  it("a wrong node password is said once, plainly, while attempts go on", async () => {
    const node = await FakeLavalink.start({ catalog, password: "the-real-node-password" });
    cleanups.push(() => node.stop());
    h = await startHarness({
      start: false,
      env: {
        LAVALINK_NODES: `lavalink://main@127.0.0.1:${node.port}`,
        LAVALINK_PASSWORD: "not-the-password",
        NODE_RETRY_MAX_DELAY_MS: "400",
      },
    });
    await h.app.start();
    await waitUntil(() => attempts(h) >= 3, 10_000, "three reconnect attempts");
    const lines = loud(h);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('"level":50');
    expect(lines[0]).toContain(
      "refused the password (401): set LAVALINK_PASSWORD (or the password in LAVALINK_NODES) to Lavalink's lavalink.server.password",
    );
    expect(lines[0]).not.toContain('"stack"');
    expect(h.logs.join("\n")).not.toContain("not-the-password");
  });

  it("an unreachable node is said once, and its coming back once", async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    h = await startHarness({
      start: false,
      env: { LAVALINK_NODES: `lavalink://main:pw@127.0.0.1:${port}`, NODE_RETRY_MAX_DELAY_MS: "400" },
    });
    await h.app.start();
    await waitUntil(() => attempts(h) >= 3, 10_000, "three reconnect attempts");
    expect(loud(h)).toHaveLength(1);
    // The node comes up on that port: one line says it is back, with how long it was away.
    const node = await FakeLavalink.start({ catalog, port, password: "pw" });
    cleanups.push(() => node.stop());
    await waitUntil(() => h.app.music.nodesAvailable(), 10_000, "the node to be usable");
    const back = h.logs.filter((l) => l.includes('"msg":"lavalink node connected"'));
    expect(back).toHaveLength(1);
    expect(back[0]).toMatch(/"attempts":\d+,"downForSeconds":\d+/);
    const lines = loud(h);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(
      `Lavalink node main at 127.0.0.1:${port} is unreachable (ECONNREFUSED): check that it is running and that the host and port in LAVALINK_NODES are reachable from Encore; retrying with backoff (at most every 0.4 s)`,
    );
  });
});
