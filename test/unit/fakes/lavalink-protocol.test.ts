/**
 * Protocol-level checks of the fake Lavalink node with plain fetch/ws: auth, handshake headers, error JSON,
 * loadtracks, decoding, and PATCH validation.
 */
import { afterEach, describe, expect, it } from "vitest";
import {
  defaultHandshakeHeaders,
  encodeTrack,
  FakeLavalink,
  type FakeLavalinkOptions,
  HandshakeRefused,
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
const OTHER = {
  identifier: "yPYZpwSpKmA",
  title: "Together Forever",
  author: "Rick Astley",
  length: 205_000,
  uri: "https://www.youtube.com/watch?v=yPYZpwSpKmA",
};
const VOICE = { token: "t", endpoint: "127.0.0.1:1", sessionId: "s1", channelId: "300000000000000003" };

const cleanups: (() => Promise<void>)[] = [];

async function node(opts: FakeLavalinkOptions = {}): Promise<FakeLavalink> {
  const fake = await FakeLavalink.start({
    catalog: [SONG, OTHER],
    playlists: [
      { url: "https://www.youtube.com/playlist?list=PL1", name: "Rick", trackIds: [SONG.identifier, OTHER.identifier] },
    ],
    loadErrors: { "ytsearch:blocked": { message: "This video is unavailable", severity: "common" } },
    ...opts,
  });
  cleanups.push(() => fake.stop());
  return fake;
}

async function connect(fake: FakeLavalink, headers?: Record<string, string>): Promise<RawSocket> {
  const socket = await openSocket(fake, headers);
  cleanups.push(() => socket.close());
  return socket;
}

async function refusal(fake: FakeLavalink, headers: Record<string, string>): Promise<number> {
  const error = await openSocket(fake, headers).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HandshakeRefused);
  return (error as HandshakeRefused).status;
}

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("FakeLavalink protocol", () => {
  it("requires the password on REST with an empty 401", async () => {
    const fake = await node();
    const denied = await rest(fake, "GET", "/v4/info", undefined, { Authorization: "wrong" });
    expect(denied.status).toBe(401);
    expect(denied.text).toBe("");
    expect(denied.headers.get("lavalink-api-version")).toBe("4");
    const version = await rest(fake, "GET", "/version");
    expect(version).toMatchObject({ status: 200, text: "4.2.2" });
    const info = await rest(fake, "GET", "/v4/info?trace=true");
    expect(info.body.version).toMatchObject({ semver: "4.2.2", major: 4, minor: 2, patch: 2, preRelease: null });
    expect(info.body.sourceManagers).toEqual(["youtube", "soundcloud", "http"]);
    expect(info.body.filters).toContain("timescale");
    expect(fake.requests.map((r) => r.status)).toEqual([401, 200, 200]);
  });

  it("checks the WebSocket handshake headers", async () => {
    const fake = await node();
    const base = defaultHandshakeHeaders(fake);
    expect(await refusal(fake, { ...base, Authorization: "nope" })).toBe(401);
    const { "User-Id": _drop, ...noUser } = base;
    expect(await refusal(fake, noUser)).toBe(400);
    expect(await refusal(fake, { ...base, "Client-Name": "Encore" })).toBe(400);
    expect(fake.handshakes.map((h) => h.status)).toEqual([401, 400, 400]);
    expect(fake.sessionIds()).toEqual([]);

    const socket = await connect(fake);
    expect(socket.upgradeHeaders["session-resumed"]).toBe("false");
    const ready = await socket.next((op) => op.op === "ready");
    expect(ready).toEqual({ op: "ready", resumed: false, sessionId: expect.stringMatching(/^[a-z0-9]{16}$/) });
    const stats = await socket.next((op) => op.op === "stats");
    expect(stats).toMatchObject({
      players: 0,
      playingPlayers: 0,
      frameStats: null,
      cpu: { cores: expect.any(Number) },
    });
    expect(await fake.waitForConnection()).toBe(ready.sessionId);
  });

  it("answers unknown sessions with Lavalink's 404 error JSON, trace only when asked", async () => {
    const fake = await node();
    const path = `/v4/sessions/xtaug914v9k5032f/players/${GUILD}`;
    const traced = await rest(fake, "GET", `${path}?trace=true`);
    expect(traced.status).toBe(404);
    expect(Object.keys(traced.body)).toEqual(["timestamp", "status", "error", "trace", "message", "path"]);
    expect(traced.body).toMatchObject({ status: 404, error: "Not Found", message: "Session not found", path });
    const plain = await rest(fake, "GET", path);
    expect(plain.body.trace).toBeUndefined();
    expect(plain.body.message).toBe("Session not found");
  });

  it("loads tracks: search, url, bare id, playlist, empty and error", async () => {
    const fake = await node();
    const load = async (identifier: string) =>
      (await rest(fake, "GET", `/v4/loadtracks?identifier=${encodeURIComponent(identifier)}&trace=true`)).body;

    const search = await load("ytmsearch:rick forever");
    expect(search.loadType).toBe("search");
    expect(search.data).toHaveLength(1);
    expect(search.data[0]).toEqual({
      encoded: encodeTrack(infoFromSpec(OTHER)),
      info: {
        identifier: OTHER.identifier,
        isSeekable: true,
        author: OTHER.author,
        length: OTHER.length,
        isStream: false,
        position: 0,
        title: OTHER.title,
        uri: OTHER.uri,
        artworkUrl: null,
        isrc: null,
        sourceName: "youtube",
      },
      pluginInfo: {},
      userData: {},
    });
    expect((await load("scsearch:rick")).loadType).toBe("empty");
    expect((await load(SONG.uri)).data.info.identifier).toBe(SONG.identifier);
    expect((await load(SONG.identifier)).loadType).toBe("track");
    const playlist = await load("https://www.youtube.com/playlist?list=PL1");
    expect(playlist.loadType).toBe("playlist");
    expect(playlist.data.info).toEqual({ name: "Rick", selectedTrack: -1 });
    expect(playlist.data.tracks.map((t: { info: { identifier: string } }) => t.info.identifier)).toEqual([
      SONG.identifier,
      OTHER.identifier,
    ]);
    expect(await load("https://example.com/unknown.mp3")).toEqual({ loadType: "empty", data: {} });
    const error = await rest(fake, "GET", "/v4/loadtracks?identifier=ytsearch%3Ablocked");
    expect(error.status).toBe(200);
    expect(error.body).toMatchObject({
      loadType: "error",
      data: { message: "This video is unavailable", severity: "common", cause: expect.any(String) },
    });
  });

  it("decodes its own encoded tracks", async () => {
    const fake = await node();
    const encoded = encodeTrack(infoFromSpec(SONG));
    const one = await rest(fake, "GET", `/v4/decodetrack?encodedTrack=${encodeURIComponent(encoded)}`);
    expect(one.body).toMatchObject({ encoded, info: { title: SONG.title }, userData: {} });
    const many = await rest(fake, "POST", "/v4/decodetracks", [encoded, encodeTrack(infoFromSpec(OTHER))]);
    expect(many.body.map((t: { info: { title: string } }) => t.info.title)).toEqual([SONG.title, OTHER.title]);
    expect((await rest(fake, "GET", "/v4/decodetrack?encodedTrack=QAAAjQIAJVJp")).status).toBe(400);
  });

  it("validates player PATCH bodies like Lavalink 4.2", async () => {
    const fake = await node();
    const { sessionId } = await (await connect(fake)).next((op) => op.op === "ready");
    const path = `/v4/sessions/${sessionId}/players/${GUILD}`;
    const { channelId: _omit, ...voiceWithoutChannel } = VOICE;

    const partial = await rest(fake, "PATCH", path, { voice: voiceWithoutChannel });
    expect(partial.status).toBe(400);
    expect(partial.body.message).toMatch(/^Partial Lavalink voice state/);
    const both = await rest(fake, "PATCH", path, {
      track: { encoded: encodeTrack(infoFromSpec(SONG)), identifier: SONG.uri },
    });
    expect(both.status).toBe(400);
    expect((await rest(fake, "PATCH", path, { track: { encoded: "not-a-track" } })).status).toBe(400);
    expect((await rest(fake, "PATCH", path, { endTime: 0 })).status).toBe(400);
    expect((await rest(fake, "PATCH", path, { track: { identifier: "ytsearch:rick" } })).status).toBe(400);
    expect((await rest(fake, "PATCH", "/v4/sessions/abc/players/not-a-guild", {})).status).toBe(400);
    const untyped = await rest(fake, "PATCH", path, { volume: 10 }, { "Content-Type": "text/plain" });
    expect(untyped.status).toBe(415);
    expect(fake.player(GUILD)).toBeUndefined();

    const ok = await rest(fake, "PATCH", path, {
      voice: VOICE,
      track: { identifier: SONG.uri, userData: { requester: "u1" } },
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      guildId: GUILD,
      track: { info: { identifier: SONG.identifier }, userData: { requester: "u1" } },
      volume: 100,
      paused: false,
      state: { connected: true, ping: 0 },
      voice: VOICE,
      filters: {},
    });
    expect((await rest(fake, "GET", `/v4/sessions/${sessionId}/players/${"1".repeat(18)}`)).body.message).toBe(
      "Player not found",
    );
    const players = await rest(fake, "GET", `/v4/sessions/${sessionId}/players`);
    expect(players.body.map((p: { guildId: string }) => p.guildId)).toEqual([GUILD]);
    expect((await rest(fake, "DELETE", path)).status).toBe(204);
    expect(fake.player(GUILD)).toBeUndefined();
  });

  it("accepts a voice PATCH without channelId on nodes older than 4.2", async () => {
    const fake = await node({ version: "4.1.1" });
    const { sessionId } = await (await connect(fake)).next((op) => op.op === "ready");
    const { channelId: _omit, ...voiceWithoutChannel } = VOICE;
    const res = await rest(fake, "PATCH", `/v4/sessions/${sessionId}/players/${GUILD}`, { voice: voiceWithoutChannel });
    expect(res.status).toBe(200);
  });

  it("injects failures and latency on REST", async () => {
    const fake = await node();
    fake.failNext(1, 503, "/v4/loadtracks");
    const failed = await rest(fake, "GET", "/v4/loadtracks?identifier=ytsearch%3Arick");
    expect(failed.status).toBe(503);
    expect(failed.body).toMatchObject({ status: 503, error: "Service Unavailable", path: "/v4/loadtracks" });
    expect((await rest(fake, "GET", "/v4/info")).status).toBe(200);
    expect((await rest(fake, "GET", "/v4/loadtracks?identifier=ytsearch%3Arick")).body.loadType).toBe("search");

    fake.setLatency(150);
    const started = Date.now();
    await rest(fake, "GET", "/v4/stats");
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });
});
