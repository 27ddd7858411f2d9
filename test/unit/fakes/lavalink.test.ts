/**
 * The real lavalink-client LavalinkManager against the fake Lavalink node: connection, search, playback,
 * player controls, session resuming and node death/restart.
 */
import { once } from "node:events";
import { LavalinkManager, type Player, parseLavalinkConnUrl, type Track } from "lavalink-client";
import { afterEach, describe, expect, it } from "vitest";
import { FakeLavalink, type FakeTrackSpec } from "../../fakes/lavalink/index.ts";

const CLIENT_ID = "100000000000000001";
const GUILD = "200000000000000002";
const VOICE_CHANNEL = "300000000000000003";
const TEXT_CHANNEL = "400000000000000004";

const CATALOG: FakeTrackSpec[] = [
  {
    identifier: "dQw4w9WgXcQ",
    title: "Never Gonna Give You Up",
    author: "Rick Astley",
    length: 212_000,
    uri: "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
  },
  {
    identifier: "yPYZpwSpKmA",
    title: "Together Forever",
    author: "Rick Astley",
    length: 205_000,
    uri: "https://www.youtube.com/watch?v=yPYZpwSpKmA",
  },
  {
    identifier: "sc-1",
    title: "Never Gonna Give You Up (live)",
    author: "Rick Astley",
    length: 220_000,
    uri: "https://soundcloud.com/rick/never-gonna-live",
    sourceName: "soundcloud",
  },
];

type RawPacket = Parameters<LavalinkManager["sendRawData"]>[0];

interface Harness {
  fake: FakeLavalink;
  manager: LavalinkManager;
  shardPayloads: unknown[];
}

let current: Harness | null = null;

async function boot(): Promise<Harness> {
  const fake = await FakeLavalink.start({ catalog: CATALOG, playerUpdateIntervalMs: 100 });
  const shardPayloads: unknown[] = [];
  const manager = new LavalinkManager({
    nodes: [
      { id: "main", host: "127.0.0.1", port: fake.port, authorization: fake.password, retryAmount: 2, retryDelay: 200 },
    ],
    client: { id: CLIENT_ID, username: "Encore/0.1.0" },
    sendToShard: (_guildId, payload) => {
      shardPayloads.push(payload);
    },
  });
  // NodeManager is an EventEmitter: an unhandled "error" (e.g. a refused reconnect) would throw.
  manager.nodeManager.on("error", () => {});
  current = { fake, manager, shardPayloads };
  const connected = once(manager.nodeManager, "connect");
  await manager.init({ id: CLIENT_ID, username: "Encore/0.1.0" });
  await connected;
  return current;
}

async function joinVoice(manager: LavalinkManager): Promise<Player> {
  const player = manager.createPlayer({
    guildId: GUILD,
    voiceChannelId: VOICE_CHANNEL,
    textChannelId: TEXT_CHANNEL,
    selfDeaf: true,
  });
  await player.connect();
  await manager.sendRawData({
    t: "VOICE_STATE_UPDATE",
    d: { guild_id: GUILD, user_id: CLIENT_ID, channel_id: VOICE_CHANNEL, session_id: "s1" },
  } as unknown as RawPacket);
  await manager.sendRawData({
    t: "VOICE_SERVER_UPDATE",
    d: { guild_id: GUILD, token: "t", endpoint: "127.0.0.1:1" },
  } as RawPacket);
  return player;
}

function nextEvent<T extends unknown[]>(emitter: NodeJS.EventEmitter, name: string, timeoutMs = 3000): Promise<T> {
  return once(emitter, name, { signal: AbortSignal.timeout(timeoutMs) }) as Promise<T>;
}

afterEach(async () => {
  const h = current;
  current = null;
  if (!h) return;
  await Promise.allSettled([...h.manager.players.values()].map((p) => p.destroy("TestCleanup")));
  for (const node of [...h.manager.nodeManager.nodes.values()]) node.destroy("TestCleanup", true);
  await h.fake.stop();
});

describe("FakeLavalink with the real lavalink-client", () => {
  it("accepts the client's handshake and serves /v4/info", async () => {
    const { fake, manager } = await boot();
    const handshake = fake.handshakes.at(-1);
    expect(handshake).toMatchObject({ status: 101, resumed: false });
    expect(handshake?.headers).toMatchObject({
      authorization: "youshallnotpass",
      "user-id": CLIENT_ID,
      "client-name": "Encore/0.1.0",
    });
    const node = manager.nodeManager.nodes.get("main");
    expect(node?.sessionId).toHaveLength(16);
    expect(fake.sessionIds()).toEqual([node?.sessionId]);
    expect(node?.info?.sourceManagers).toContain("youtube");
    const info = await fake.waitForRequest((r) => r.path === "/v4/info");
    expect(info).toMatchObject({ method: "GET", status: 200, query: { trace: "true" } });
    await fake.waitForEvent((op) => op.op === "stats");
    expect(parseLavalinkConnUrl(fake.nodeUrl())).toEqual({
      id: "main",
      authorization: "youshallnotpass",
      host: "127.0.0.1",
      port: fake.port,
      nodeType: "Lavalink",
    });
  });

  it("answers searches from the catalog", async () => {
    const { fake, manager } = await boot();
    const player = manager.createPlayer({ guildId: GUILD, voiceChannelId: VOICE_CHANNEL });
    const result = await player.search({ query: "ytsearch:never gonna" }, { id: "u1" });
    expect(result.loadType).toBe("search");
    expect(result.tracks.map((t) => t.info.identifier)).toEqual(["dQw4w9WgXcQ"]);
    const request = await fake.waitForRequest((r) => r.path === "/v4/loadtracks");
    expect(request.query.identifier).toBe("ytsearch:never gonna");

    const sc = await player.search({ query: "never gonna", source: "scsearch" }, { id: "u1" });
    expect(sc.tracks.map((t) => t.info.sourceName)).toEqual(["soundcloud"]);

    const url = await player.search({ query: "https://www.youtube.com/watch?v=yPYZpwSpKmA" }, { id: "u1" });
    expect(url.loadType).toBe("track");
    expect(url.tracks[0]?.info.title).toBe("Together Forever");

    const none = await player.search({ query: "ytsearch:nothing like this" }, { id: "u1" });
    expect(none.loadType).toBe("empty");
    expect(none.tracks).toEqual([]);
  });

  it("plays through the queue: voice PATCH, track PATCH, trackStart, advance on finished", async () => {
    const { fake, manager, shardPayloads } = await boot();
    const player = await joinVoice(manager);
    expect(shardPayloads).toContainEqual({
      op: 4,
      d: { guild_id: GUILD, channel_id: VOICE_CHANNEL, self_mute: false, self_deaf: true },
    });
    const voicePatch = await fake.waitForRequest((r) => r.method === "PATCH" && r.body?.voice !== undefined);
    expect(voicePatch.body.voice).toEqual({
      token: "t",
      endpoint: "127.0.0.1:1",
      sessionId: "s1",
      channelId: VOICE_CHANNEL,
    });
    expect(voicePatch.status).toBe(200);

    const { tracks } = await player.search({ query: "ytsearch:rick astley" }, { id: "u1" });
    expect(tracks).toHaveLength(2);
    const [first, second] = tracks as [Track, Track];
    await player.queue.add([first, second]);

    const started = nextEvent<[Player, Track]>(manager, "trackStart");
    await player.play();
    const [, startedTrack] = await started;
    expect(startedTrack.info.identifier).toBe(first.info.identifier);
    const playPatch = await fake.waitForRequest((r) => r.method === "PATCH" && r.body?.track !== undefined);
    expect(playPatch.path).toBe(`/v4/sessions/${fake.sessionIds()[0]}/players/${GUILD}`);
    expect(playPatch.body).toMatchObject({ track: { encoded: first.encoded }, position: 0, volume: 100 });
    expect(fake.player(GUILD)).toMatchObject({
      paused: false,
      connected: true,
      track: { info: { title: first.info.title } },
    });

    const advanced = nextEvent<[Player, Track]>(manager, "trackStart");
    fake.endTrack(GUILD, "finished");
    const [, next] = await advanced;
    expect(next.info.identifier).toBe(second.info.identifier);
    const secondPatch = await fake.waitForRequest((r) => r.body?.track?.encoded === second.encoded);
    expect(secondPatch.path).toContain("/players/");
    expect(fake.player(GUILD)?.track?.info.identifier).toBe(second.info.identifier);
  });

  it("sends pause, seek, volume and filter PATCH bodies", async () => {
    const { fake, manager } = await boot();
    const player = await joinVoice(manager);
    const { tracks } = await player.search({ query: "ytsearch:together forever" }, { id: "u1" });
    await player.queue.add(tracks[0] as Track);
    await player.play();
    const patches = () => fake.requests.filter((r) => r.method === "PATCH").map((r) => r.body);

    await player.pause();
    expect(patches().at(-1)).toEqual({ paused: true });
    expect(fake.player(GUILD)?.paused).toBe(true);

    await player.seek(30_000);
    expect(patches().at(-1)).toEqual({ position: 30_000 });
    expect(fake.player(GUILD)?.position).toBe(30_000);

    await player.setVolume(50);
    expect(patches().at(-1)).toEqual({ volume: 50 });
    expect(fake.player(GUILD)?.volume).toBe(50);

    await player.resume();
    expect(patches().at(-1)).toEqual({ paused: false });

    await player.filterManager.toggleNightcore();
    const filters = patches().at(-1);
    expect(Object.keys(filters)).toEqual(["filters"]);
    expect(filters.filters.timescale).toMatchObject({ speed: expect.any(Number), pitch: expect.any(Number) });
    expect(fake.player(GUILD)?.filters.timescale).toEqual(filters.filters.timescale);

    const update = await nextEvent<[unknown, Player]>(manager, "playerUpdate");
    expect(update[1].connected).toBe(true);
  });

  it("shows that lavalink-client resolves 5xx answers instead of throwing", async () => {
    const { fake, manager } = await boot();
    const player = await joinVoice(manager);
    fake.failNext(1, 500, "/v4/sessions");
    const answer = await player.node.updatePlayer({ guildId: GUILD, playerOptions: { paused: true } });
    expect(answer).toMatchObject({ status: 500, error: "Internal Server Error", message: "Injected failure" });
    fake.failNext(1, 503, "/v4/loadtracks");
    const search = await player.search({ query: "ytsearch:never gonna" }, { id: "u1" });
    expect(search.loadType).toBeUndefined();
    expect(search.tracks).toEqual([]);
  });

  it("resumes the session after the socket closes, replaying events", async () => {
    const { fake, manager } = await boot();
    const player = await joinVoice(manager);
    const { tracks } = await player.search({ query: "ytsearch:never gonna" }, { id: "u1" });
    await player.queue.add(tracks[0] as Track);
    await player.play();

    const node = manager.nodeManager.nodes.get("main");
    if (!node?.sessionId) throw new Error("node not ready");
    const sessionId = node.sessionId;
    const body = await node.updateSession(true, 60);
    expect(body).toEqual({ resuming: true, timeout: 60 });
    const sessionPatch = await fake.waitForRequest((r) => r.path === `/v4/sessions/${sessionId}`);
    expect(sessionPatch).toMatchObject({ method: "PATCH", body: { resuming: true, timeout: 60 } });
    // Without this the client reconnects with a new session (lavalink-client#129).
    node.options.sessionId = sessionId;

    const disconnected = nextEvent(manager.nodeManager, "disconnect");
    const resumed = nextEvent<[unknown, { resumed: boolean; sessionId: string }, { guildId: string }[]]>(
      manager.nodeManager,
      "resumed",
    );
    fake.dropConnections();
    await disconnected;
    expect(fake.sessionIds()).toEqual([sessionId]);

    const [, payload, players] = await resumed;
    expect(payload).toMatchObject({ op: "ready", resumed: true, sessionId });
    expect(players.map((p) => p.guildId)).toEqual([GUILD]);
    expect(fake.handshakes.at(-1)).toMatchObject({ status: 101, resumed: true });
    expect(fake.handshakes.at(-1)?.headers["session-id"]).toBe(sessionId);
    expect(fake.player(GUILD)?.track?.info.identifier).toBe("dQw4w9WgXcQ");
  });

  it("reports a killed node as disconnected and reconnects after restart", async () => {
    const { fake, manager } = await boot();
    const firstSession = fake.sessionIds()[0];
    const disconnected = nextEvent<[unknown, { code: number }]>(manager.nodeManager, "disconnect");
    await fake.kill();
    const [, reason] = await disconnected;
    expect(reason.code).toBe(1006);
    expect(fake.sessionIds()).toEqual([]);

    const reconnected = nextEvent(manager.nodeManager, "connect");
    await fake.restart();
    await reconnected;
    const node = manager.nodeManager.nodes.get("main");
    expect(node?.sessionId).toBeDefined();
    expect(node?.sessionId).not.toBe(firstSession);
    expect(fake.sessionIds()).toEqual([node?.sessionId]);
  });
});
