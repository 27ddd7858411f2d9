import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config/loader.ts";
import { createLavalinkManager } from "../../../src/music/lavalink-manager.ts";

describe("createLavalinkManager", () => {
  it("connects a TLS (lavalinks://) node on the port it was given, not 443", async () => {
    const server = createServer((socket) => socket.destroy());
    const connected = new Promise<void>((resolve) => server.once("connection", () => resolve()));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    const config = loadConfig({
      env: { DISCORD_TOKEN: "t", LAVALINK_NODES: `lavalinks://tls@127.0.0.1:${port}`, LAVALINK_PASSWORD: "pw" },
      defaultsFile: fileURLToPath(new URL("../../../config/default.json", import.meta.url)),
    });
    const manager = createLavalinkManager(config, { sendToShard: async () => {} });
    const node = manager.nodeManager.nodes.get("tls");
    expect(node?.options.port).toBe(port);
    expect(node?.options.secure).toBe(true);
    // The server hangs up on the TLS handshake; the node reports that as an error, after which it is closed.
    const failed = new Promise<void>((resolve) => manager.nodeManager.once("error", () => resolve()));
    await manager.init({ id: "1", username: "test" });
    await connected;
    await failed;
    node?.destroy("test", true);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});
