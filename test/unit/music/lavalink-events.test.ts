import { EventEmitter } from "node:events";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { LavalinkManager, LavalinkNode, Player } from "lavalink-client";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../../src/core/logger.ts";
import { LavalinkEvents } from "../../../src/music/lavalink-events.ts";

/** lavalink-client's manager and node manager as far as event subscription goes: two emitters. */
function fakeManager() {
  const manager = Object.assign(new EventEmitter(), { nodeManager: new EventEmitter() });
  return { manager, lavalink: manager as unknown as LavalinkManager };
}

const player = { guildId: "1" } as Player;
const node = { id: "n1" } as LavalinkNode;

describe("LavalinkEvents: the one subscriber to lavalink-client's events", () => {
  it("subscribes to each event name once, however many listeners, and calls them in subscription order", () => {
    const { manager, lavalink } = fakeManager();
    const events = new LavalinkEvents(lavalink, createLogger({ level: "silent" }));
    const seen: string[] = [];
    events.onPlayer("trackStart", (p) => void seen.push(`a ${p.guildId}`));
    events.onPlayer("trackStart", (p) => void seen.push(`b ${p.guildId}`));
    events.onNode("connect", (n) => void seen.push(`node ${n.id}`));
    expect(manager.listenerCount("trackStart")).toBe(1);
    expect(manager.nodeManager.listenerCount("connect")).toBe(1);
    manager.emit("trackStart", player, null, {});
    manager.nodeManager.emit("connect", node);
    expect(seen).toEqual(["a 1", "b 1", "node n1"]);
  });

  it("a listener that throws or rejects is logged and the others still run; unsubscribing stops one listener", async () => {
    const { manager, lavalink } = fakeManager();
    const lines: string[] = [];
    const logger = createLogger({ level: "error", destination: { write: (l: string) => void lines.push(l) } });
    const events = new LavalinkEvents(lavalink, logger);
    const seen: string[] = [];
    events.onPlayer("queueEnd", () => {
      throw new Error("boom");
    });
    events.onPlayer("queueEnd", async () => {
      throw new Error("later");
    });
    const off = events.onPlayer("queueEnd", () => void seen.push("third"));
    manager.emit("queueEnd", player, null, {});
    await new Promise((r) => setImmediate(r));
    expect(seen).toEqual(["third"]);
    expect(lines.filter((l) => l.includes("lavalink event listener failed"))).toHaveLength(2);
    off();
    manager.emit("queueEnd", player, null, {});
    expect(seen).toEqual(["third"]);
  });
});

describe("nothing else subscribes to lavalink-client's manager", () => {
  const SRC = resolve(dirname(fileURLToPath(import.meta.url)), "../../../src");
  it("no source file that deals with Lavalink but lavalink-events.ts calls .on on the manager or its node manager", () => {
    // `manager.on(`, `nodeManager.on(`, … and `(manager as unknown as {…}).on(`.
    const direct =
      /\b(manager|nodeManager|lavalink|emitter|nodes|m)\s*\)?\s*\.(on|once|addListener|prependListener)\(|as unknown as \{[^;]*\}\)\.(on|once)\(/;
    const files = (readdirSync(SRC, { recursive: true }) as string[]).filter((f) => f.endsWith(".ts"));
    const offenders = files.filter((f) => {
      const text = readFileSync(join(SRC, f), "utf8");
      return f !== join("music", "lavalink-events.ts") && /lavalink/i.test(text) && direct.test(text);
    });
    expect(offenders).toEqual([]);
  });
});
