/**
 * Playback, events, resuming and faults of the fake Lavalink node, driven with plain fetch/ws.
 */
import { afterEach, describe, expect, it } from "vitest";
import {
  encodeTrack,
  FakeLavalink,
  type FakeLavalinkOptions,
  infoFromSpec,
  openSocket,
  type RawSocket,
  rest,
} from "../../fakes/lavalink/index.ts";

const GUILD = "200000000000000002";
const SONG = {
  identifier: "dQw4w9WgXcQ",
  title: "Never Gonna Give You Up",
  author: "Rick Astley",
  length: 212_000,
  uri: "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
};
const SHORT = {
  identifier: "short1",
  title: "Short",
  author: "Tester",
  length: 150,
  uri: "https://example.com/short.mp3",
};
const VOICE = { token: "t", endpoint: "127.0.0.1:1", sessionId: "s1", channelId: "300000000000000003" };
const SONG_ENCODED = encodeTrack(infoFromSpec(SONG));
const SHORT_ENCODED = encodeTrack(infoFromSpec(SHORT));

const cleanups: (() => Promise<void>)[] = [];

async function connected(
  opts: FakeLavalinkOptions = {},
): Promise<{ fake: FakeLavalink; socket: RawSocket; sessionId: string; playerPath: string }> {
  const fake = await FakeLavalink.start({ catalog: [SONG, SHORT], ...opts });
  cleanups.push(() => fake.stop());
  const socket = await openSocket(fake);
  cleanups.push(() => socket.close());
  const { sessionId } = await socket.next((op) => op.op === "ready");
  return { fake, socket, sessionId, playerPath: `/v4/sessions/${sessionId}/players/${GUILD}` };
}

function events(socket: RawSocket): string[] {
  return socket.received.items.filter((op) => op.op === "event").map((op) => `${op.type}:${op.reason ?? ""}`);
}

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("FakeLavalink playback", () => {
  it("starts, replaces, keeps with noReplace, and stops tracks with the real event sequence", async () => {
    const { fake, socket, playerPath } = await connected();
    await rest(fake, "PATCH", playerPath, { voice: VOICE, track: { encoded: SONG_ENCODED }, position: 1000 });
    const start = await socket.next((op) => op.type === "TrackStartEvent");
    expect(start).toMatchObject({
      op: "event",
      guildId: GUILD,
      track: { encoded: SONG_ENCODED, info: { position: 1000 } },
    });
    const update = await socket.next((op) => op.op === "playerUpdate" && op.state.position >= 1000);
    expect(update.state).toMatchObject({ connected: true, ping: 0, time: expect.any(Number) });

    const kept = await rest(fake, "PATCH", `${playerPath}?noReplace=true`, { track: { encoded: SHORT_ENCODED } });
    expect(kept.body.track.encoded).toBe(SONG_ENCODED);

    await rest(fake, "PATCH", playerPath, { track: { encoded: SHORT_ENCODED, userData: { n: 2 } }, paused: true });
    expect(fake.player(GUILD)).toMatchObject({ paused: true, track: { userData: { n: 2 } } });
    await rest(fake, "PATCH", playerPath, { track: { encoded: null } });
    await socket.next((op) => op.reason === "stopped");
    expect(events(socket)).toEqual([
      "TrackStartEvent:",
      "TrackEndEvent:replaced",
      "TrackStartEvent:",
      "TrackEndEvent:stopped",
    ]);
    const replaced = socket.received.items.find((op) => op.reason === "replaced");
    expect(replaced.track.encoded).toBe(SONG_ENCODED);
    expect(fake.player(GUILD)?.track).toBeNull();
  });

  it("advances the position in real time, reports it periodically, and honours seek and pause", async () => {
    const { fake, socket, playerPath } = await connected({ playerUpdateIntervalMs: 40 });
    await rest(fake, "PATCH", playerPath, { voice: VOICE, track: { encoded: SONG_ENCODED } });
    const later = await socket.next((op) => op.op === "playerUpdate" && op.state.position >= 80);
    expect(later.state.position).toBeLessThan(2000);
    await rest(fake, "PATCH", playerPath, { position: 60_000 });
    await socket.next((op) => op.op === "playerUpdate" && op.state.position >= 60_000);
    await rest(fake, "PATCH", playerPath, { paused: true });
    const frozen = fake.player(GUILD)?.position ?? -1;
    expect(frozen).toBeGreaterThanOrEqual(60_000);
    const seen = socket.received.items.length;
    const next = await socket.next((op) => op.op === "playerUpdate" && socket.received.items.indexOf(op) >= seen);
    expect(next.state.position).toBe(frozen);
    expect(fake.player(GUILD)?.position).toBe(frozen);
  });

  it("ends tracks by itself with autoFinish and at endTime", async () => {
    const { fake, socket, playerPath } = await connected({ autoFinish: true });
    await rest(fake, "PATCH", playerPath, { voice: VOICE, track: { encoded: SHORT_ENCODED } });
    const end = await socket.next((op) => op.type === "TrackEndEvent");
    expect(end.reason).toBe("finished");
    expect(end.track.info.identifier).toBe(SHORT.identifier);

    await rest(fake, "PATCH", playerPath, { track: { encoded: SONG_ENCODED }, position: 5000, endTime: 5100 });
    const marker = await socket.next(
      (op) => op.type === "TrackEndEvent" && op.track.info.identifier === SONG.identifier,
    );
    expect(marker.reason).toBe("finished");
    expect(marker.track.info.position).toBeGreaterThanOrEqual(5100);
  });

  it("emits exception, stuck and voice-closed events on demand", async () => {
    const { fake, socket, playerPath } = await connected();
    await rest(fake, "PATCH", playerPath, { voice: VOICE, track: { encoded: SONG_ENCODED } });
    fake.stickTrack(GUILD, 12_000);
    expect(await socket.next((op) => op.type === "TrackStuckEvent")).toMatchObject({ thresholdMs: 12_000 });
    fake.failTrack(GUILD, "Sign in to confirm you're not a bot", "suspicious");
    const exception = await socket.next((op) => op.type === "TrackExceptionEvent");
    expect(exception.exception).toMatchObject({
      message: "Sign in to confirm you're not a bot",
      severity: "suspicious",
      cause: expect.any(String),
      causeStackTrace: expect.any(String),
    });
    await socket.next((op) => op.reason === "loadFailed");
    expect(events(socket)).toEqual([
      "TrackStartEvent:",
      "TrackStuckEvent:",
      "TrackExceptionEvent:",
      "TrackEndEvent:loadFailed",
    ]);

    fake.closeVoice(GUILD, 4017, "E2EE/DAVE protocol required");
    const closed = await socket.next((op) => op.type === "WebSocketClosedEvent");
    expect(closed).toEqual({
      op: "event",
      type: "WebSocketClosedEvent",
      guildId: GUILD,
      code: 4017,
      reason: "E2EE/DAVE protocol required",
      byRemote: true,
    });
    await socket.next((op) => op.op === "playerUpdate" && op.state.connected === false);
    expect(fake.player(GUILD)?.connected).toBe(false);
    expect(() => fake.endTrack("999", "finished")).toThrow(/no track loaded/);
  });

  it("counts players in stats", async () => {
    const { fake, playerPath } = await connected();
    await rest(fake, "PATCH", playerPath, { voice: VOICE, track: { encoded: SONG_ENCODED } });
    await rest(fake, "PATCH", `${playerPath.slice(0, -GUILD.length)}1234`, { volume: 20 });
    const stats = await rest(fake, "GET", "/v4/stats");
    expect(stats.body).toMatchObject({ players: 2, playingPlayers: 1, memory: { used: expect.any(Number) } });
    expect(stats.body.frameStats).toBeUndefined();
  });
});

describe("FakeLavalink sessions and faults", () => {
  it("resumes a session: same id, queued events replayed, then a playerUpdate per player", async () => {
    const { fake, socket, sessionId, playerPath } = await connected();
    await rest(fake, "PATCH", playerPath, { voice: VOICE, track: { encoded: SONG_ENCODED } });
    const session = await rest(fake, "PATCH", `/v4/sessions/${sessionId}?trace=true`, { resuming: true, timeout: 30 });
    expect(session.body).toEqual({ resuming: true, timeout: 30 });

    await socket.close();
    await expect.poll(() => fake.player(GUILD)?.sessionId).toBe(sessionId);
    fake.endTrack(GUILD, "finished");
    expect(fake.wsSent.some((op) => op.type === "TrackEndEvent")).toBe(false);

    const again = await openSocket(fake, {
      Authorization: fake.password,
      "User-Id": "100000000000000001",
      "Client-Name": "Encore/0.1.0",
      "Session-Id": sessionId,
    });
    cleanups.push(() => again.close());
    expect(again.upgradeHeaders["session-resumed"]).toBe("true");
    expect(again.received.items[0]).toEqual({ op: "ready", resumed: true, sessionId });
    const replayed = await again.next((op) => op.type === "TrackEndEvent");
    expect(replayed.reason).toBe("finished");
    await again.next((op) => op.op === "playerUpdate" && op.guildId === GUILD);
    const order = again.received.items.map((op) => op.type ?? op.op);
    expect(order.slice(0, 3)).toEqual(["ready", "TrackEndEvent", "playerUpdate"]);
    expect(fake.handshakes.at(-1)).toMatchObject({ status: 101, resumed: true });
  });

  it("shuts the session down on close without resuming, and after the resume timeout", async () => {
    const { fake, socket, sessionId, playerPath } = await connected();
    await rest(fake, "PATCH", playerPath, { voice: VOICE, track: { encoded: SONG_ENCODED } });
    await socket.close();
    await expect.poll(() => fake.sessionIds()).toEqual([]);
    expect((await rest(fake, "GET", `/v4/sessions/${sessionId}/players`)).status).toBe(404);

    const second = await openSocket(fake);
    const { sessionId: id2 } = await second.next((op) => op.op === "ready");
    await rest(fake, "PATCH", `/v4/sessions/${id2}`, { resuming: true, timeout: 0 });
    second.ws.terminate();
    await expect.poll(() => fake.sessionIds()).toEqual([]);
    const late = await openSocket(fake, {
      Authorization: fake.password,
      "User-Id": "100000000000000001",
      "Client-Name": "Encore/0.1.0",
      "Session-Id": id2,
    });
    cleanups.push(() => late.close());
    expect(late.upgradeHeaders["session-resumed"]).toBe("false");
    expect(late.received.items[0]).toMatchObject({ resumed: false });
    expect(late.received.items[0].sessionId).not.toBe(id2);
  });

  it("drops sockets, and kill/restart refuses then serves again on the same port", async () => {
    const { fake, socket } = await connected();
    const closed = new Promise<number>((resolve) => socket.ws.once("close", (code) => resolve(code)));
    fake.dropConnections();
    expect(await closed).toBe(1006);

    const port = fake.port;
    await fake.kill();
    await expect(fetch(`http://127.0.0.1:${port}/version`)).rejects.toThrow();
    await fake.restart();
    expect(fake.port).toBe(port);
    expect(fake.sessionIds()).toEqual([]);
    expect((await rest(fake, "GET", "/version")).status).toBe(200);
    const fresh = await openSocket(fake);
    cleanups.push(() => fresh.close());
    expect(await fake.waitForConnection()).toBe(fresh.received.items[0].sessionId);
  });

  it("rejects waits that time out with the recent traffic", async () => {
    const { fake } = await connected();
    await rest(fake, "GET", "/v4/info");
    await expect(fake.waitForRequest((r) => r.path === "/never", 50)).rejects.toThrow(/GET \/v4\/info → 200/);
  });
});
