import { describe, expect, it } from "vitest";
import { UserError } from "../../../src/core/errors.ts";
import type { EngineKind, MusicEngine } from "../../../src/music/engine.ts";
import { MusicFrontDoor } from "../../../src/music/front-door.ts";
import { PlayHistory } from "../../../src/music/history.ts";
import type { PlayRequest, PlayResult } from "../../../src/music/types.ts";

/** An engine that records which guilds it was asked to play in; only what routing reads is real. */
function fakeEngine(kind: EngineKind, up: boolean) {
  const players = new Set<string>();
  const calls: string[] = [];
  const engine = {
    kind,
    up,
    available: () => engine.up,
    down: () => !engine.up,
    hasPlayer: (g: string) => players.has(g),
    guildIds: () => [...players],
    async play(req: PlayRequest): Promise<PlayResult> {
      calls.push(`play ${req.guildId}`);
      players.add(req.guildId);
      return {
        added: [],
        playlistName: null,
        startedPlaying: true,
        position: 0,
        truncated: 0,
        source: null,
        fellBackFrom: null,
        fallbackReason: null,
      };
    },
    async pause(g: string) {
      if (!players.has(g)) throw new UserError("NO_PLAYER", "Nothing is playing right now.");
      calls.push(`pause ${g}`);
    },
    snapshot: (g: string) => (players.has(g) ? ({ guildId: g } as never) : null),
    autoplay: {
      isEnabled: () => true,
      setEnabled: async (g: string, on: boolean) => void calls.push(`autoplay ${g} ${on}`),
    },
    queueOps: { move: async (g: string, from: number, to: number) => void calls.push(`move ${g} ${from}>${to}`) },
    filters: { apply: async (g: string, preset: string) => [void calls.push(`filter ${g} ${preset}`)] },
  };
  return { engine: engine as unknown as MusicEngine & { up: boolean }, calls, players };
}

const req = (guildId: string): PlayRequest => ({
  guildId,
  voiceChannelId: "v",
  textChannelId: "t",
  query: "https://example.com/a.mp3",
  requester: { id: "u", username: "u" },
});

describe("music front door", () => {
  it("starts new players on Lavalink while a node is usable, on the embedded engine when none is (fallback)", async () => {
    const lavalink = fakeEngine("lavalink", true);
    const embedded = fakeEngine("embedded", true);
    const door = new MusicFrontDoor(
      { fallback: true },
      { engines: { lavalink: lavalink.engine, embedded: embedded.engine }, history: new PlayHistory() },
    );
    await door.play(req("g1"));
    lavalink.engine.up = false;
    await door.play(req("g2"));
    expect(lavalink.calls).toEqual(["play g1"]);
    expect(embedded.calls).toEqual(["play g2"]);
    expect(door.engineKind("g1")).toBe("lavalink");
    expect(door.engineKind("g2")).toBe("embedded");
    expect(door.snapshot("g2")?.engine).toBe("embedded");
  });

  it("keeps a guild on the engine that has its player", async () => {
    const lavalink = fakeEngine("lavalink", false);
    const embedded = fakeEngine("embedded", true);
    const door = new MusicFrontDoor(
      { fallback: true },
      { engines: { lavalink: lavalink.engine, embedded: embedded.engine }, history: new PlayHistory() },
    );
    await door.play(req("g1"));
    lavalink.engine.up = true;
    await door.play(req("g1"));
    await door.pause("g1");
    expect(embedded.calls).toEqual(["play g1", "play g1", "pause g1"]);
    expect(lavalink.calls).toEqual([]);
  });

  it("without fallback, requests go to Lavalink even when its nodes are down (it answers with a clear refusal)", async () => {
    const lavalink = fakeEngine("lavalink", false);
    const embedded = fakeEngine("embedded", true);
    const door = new MusicFrontDoor(
      { fallback: false },
      { engines: { lavalink: lavalink.engine, embedded: embedded.engine }, history: new PlayHistory() },
    );
    await door.play(req("g1"));
    expect(lavalink.calls).toEqual(["play g1"]);
    expect(door.available()).toBe(false);
  });

  it("uses the embedded engine when no node is configured; commands for a guild without a player get the engine's refusal", async () => {
    const embedded = fakeEngine("embedded", true);
    const door = new MusicFrontDoor(
      { fallback: true },
      { engines: { lavalink: null, embedded: embedded.engine }, history: new PlayHistory() },
    );
    await expect(door.pause("g9")).rejects.toMatchObject({ code: "NO_PLAYER" });
    expect(door.snapshot("g9")).toBeNull();
    expect(door.autoplayEnabled("g9")).toBe(false);
    await door.play(req("g9"));
    expect(door.engineKind("g9")).toBe("embedded");
  });
});

describe("the front door's queue, filter and autoplay methods", () => {
  it("reach the engine that has the guild's player, and only that one", async () => {
    const lavalink = fakeEngine("lavalink", true);
    const embedded = fakeEngine("embedded", true);
    const door = new MusicFrontDoor(
      { fallback: true },
      { engines: { lavalink: lavalink.engine, embedded: embedded.engine }, history: new PlayHistory() },
    );
    embedded.players.add("g2");
    await door.moveTrack("g2", 3, 1);
    await door.applyFilter("g2", "nightcore");
    await door.setAutoplay("g2", true);
    expect(embedded.calls).toEqual(["move g2 3>1", "filter g2 nightcore", "autoplay g2 true"]);
    expect(lavalink.calls).toEqual([]);
    expect(door.autoplayEnabled("g2")).toBe(true);
    expect(door.autoplayEnabled("nobody")).toBe(false);
  });
});
