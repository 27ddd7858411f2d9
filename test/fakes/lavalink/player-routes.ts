/**
 * `/v4/sessions/...` routes: session resuming config and the player API, with the validation and ordering of
 * Lavalink's PlayerRestHandler (reference A.5).
 */
import { HttpError, isJsonObject, json, noContent, parseGuildId, type RouteResult } from "./http-util.ts";
import type { FakeSession } from "./session.ts";
import { decodeTrack, type TrackCatalog } from "./tracks.ts";
import type { FakeLyrics, TrackInfo, VoiceState } from "./types.ts";

export interface PlayerRouteContext {
  readonly sessions: ReadonlyMap<string, FakeSession>;
  readonly catalog: TrackCatalog;
  /** Lavalink ≥ 4.2 (DAVE) requires the voice `channelId`. */
  readonly requiresChannelId: boolean;
  /** LavaLyrics plugin data by track identifier; undefined when the plugin is not installed. */
  readonly lyrics?: Record<string, FakeLyrics>;
  /** java-timed-lyrics plugin data by track identifier; undefined when that plugin is not installed. */
  readonly javaLyrics?: Record<string, FakeLyrics>;
  /** False: the server has no resumable sessions (`PATCH /v4/sessions/{id}` answers 404). */
  readonly resumable: boolean;
  /** The SponsorBlock plugin is installed (its categories routes exist). */
  readonly sponsorBlock?: boolean;
}

const SPONSORBLOCK_CATEGORIES = [
  "sponsor",
  "selfpromo",
  "interaction",
  "intro",
  "outro",
  "preview",
  "music_offtopic",
  "filler",
];

export interface SessionRequest {
  method: string;
  /** Path segments after `/v4/sessions/`. */
  segments: string[];
  query: Record<string, string>;
  body: unknown;
}

export function handleSessionRoute(ctx: PlayerRouteContext, req: SessionRequest): RouteResult {
  const [sessionId, resource, rawGuildId, ...rest] = req.segments;
  if (sessionId && resource === "players" && rawGuildId && rest.join("/") === "track/lyrics" && ctx.lyrics) {
    if (req.method !== "GET") throw new HttpError(405, "Method Not Allowed");
    return currentLyrics(ctx.lyrics, sessionOf(ctx, sessionId), parseGuildId(rawGuildId));
  }
  if (sessionId && resource === "players" && rawGuildId && rest.join("/") === "lyrics" && ctx.javaLyrics) {
    if (req.method !== "GET") throw new HttpError(405, "Method Not Allowed");
    return javaLyrics(ctx.javaLyrics, sessionOf(ctx, sessionId), parseGuildId(rawGuildId));
  }
  if (sessionId && resource === "players" && rawGuildId && rest.join("/") === "sponsorblock/categories") {
    if (ctx.sponsorBlock) return sponsorBlockCategories(sessionOf(ctx, sessionId), parseGuildId(rawGuildId), req);
  }
  if (!sessionId || rest.length > 0) throw new HttpError(404, "Not Found");
  if (resource === undefined) {
    if (req.method !== "PATCH") throw new HttpError(405, "Method Not Allowed");
    if (!ctx.resumable) throw new HttpError(404, "Not Found");
    return patchSession(sessionOf(ctx, sessionId), req.body);
  }
  if (resource !== "players") throw new HttpError(404, "Not Found");
  if (rawGuildId === undefined) {
    if (req.method !== "GET") throw new HttpError(405, "Method Not Allowed");
    const session = sessionOf(ctx, sessionId);
    return json([...session.players.values()].map((p) => p.toJson()));
  }
  const guildId = parseGuildId(rawGuildId);
  const session = sessionOf(ctx, sessionId);
  switch (req.method) {
    case "GET": {
      const player = session.player(guildId);
      if (!player) throw new HttpError(404, "Player not found");
      return json(player.toJson());
    }
    case "PATCH":
      return json(patchPlayer(ctx, session, guildId, req.body, req.query.noReplace === "true"));
    case "DELETE":
      session.destroyPlayer(guildId);
      return noContent();
    default:
      throw new HttpError(405, "Method Not Allowed");
  }
}

/** LavaLyrics' `GET …/track/lyrics`: the lyrics of the player's current track, or 204 when none are known. */
function currentLyrics(lyrics: Record<string, FakeLyrics>, session: FakeSession, guildId: string): RouteResult {
  const player = session.player(guildId);
  if (!player) throw new HttpError(404, "Player not found");
  const track = player.track;
  if (!track) throw new HttpError(404, "Not currently playing anything");
  const found = lyrics[track.info.identifier];
  if (!found) return noContent();
  const plugin = {};
  return json({
    sourceName: track.info.sourceName,
    provider: found.provider ?? "fake-lyrics",
    text: found.text ?? null,
    lines: (found.lines ?? []).map((l) => ({ timestamp: l.timestamp, duration: null, line: l.line, plugin })),
    plugin,
  });
}

/** The SponsorBlock plugin's categories of a guild's player: GET lists, PUT adds, DELETE removes (all without a body). */
function sponsorBlockCategories(session: FakeSession, guildId: string, req: SessionRequest): RouteResult {
  const current = session.sponsorBlock.get(guildId) ?? [];
  if (req.method === "GET") {
    if (!session.player(guildId)?.track) throw new HttpError(404, "Not currently playing anything");
    return json(current);
  }
  if (req.method !== "PUT" && req.method !== "DELETE") throw new HttpError(405, "Method Not Allowed");
  if (req.method === "DELETE" && req.body === undefined) {
    session.sponsorBlock.delete(guildId);
    return noContent();
  }
  const body = req.body;
  if (!Array.isArray(body) || !body.every((c) => typeof c === "string" && SPONSORBLOCK_CATEGORIES.includes(c))) {
    throw new HttpError(400, `Categories must be a list of: ${SPONSORBLOCK_CATEGORIES.join(", ")}`);
  }
  const next =
    req.method === "PUT"
      ? [...new Set([...current, ...(body as string[])])]
      : current.filter((c) => !(body as string[]).includes(c));
  session.sponsorBlock.set(guildId, next);
  return noContent();
}

/**
 * java-timed-lyrics' `GET …/players/{guild}/lyrics`: `{type: "timed"|"text", track, source, text | lines}`, 404 when
 * it finds none, 400 when nothing plays (its RestHandler).
 */
function javaLyrics(lyrics: Record<string, FakeLyrics>, session: FakeSession, guildId: string): RouteResult {
  const player = session.player(guildId);
  if (!player) throw new HttpError(404, "Player not found");
  const track = player.track;
  if (!track) throw new HttpError(400, "Not currently playing anything");
  const found = lyrics[track.info.identifier];
  if (!found) throw new HttpError(404, "No lyrics found");
  const about = { title: track.info.title, author: track.info.author, album: null, albumArt: [] };
  const source = found.provider ?? "YouTube";
  if (found.lines?.length) {
    const lines = found.lines.map((l, i, all) => ({
      line: l.line,
      range: { start: l.timestamp, end: all[i + 1]?.timestamp ?? l.timestamp + 3000 },
    }));
    return json({ type: "timed", track: about, source, lines });
  }
  return json({ type: "text", track: about, source, text: found.text ?? "" });
}

function sessionOf(ctx: PlayerRouteContext, sessionId: string): FakeSession {
  const session = ctx.sessions.get(sessionId);
  if (!session || session.closed) throw new HttpError(404, "Session not found");
  return session;
}

function patchSession(session: FakeSession, body: unknown): RouteResult {
  if (!isJsonObject(body)) throw new HttpError(400, "Bad Request");
  if ("resuming" in body) {
    if (typeof body.resuming !== "boolean") throw new HttpError(400, "resuming must be a boolean");
    session.resuming = body.resuming;
  }
  if ("timeout" in body) {
    if (!Number.isInteger(body.timeout) || (body.timeout as number) < 0) {
      throw new HttpError(400, "timeout must be a non-negative integer (seconds)");
    }
    session.timeoutSeconds = body.timeout as number;
  }
  return json({ resuming: session.resuming, timeout: session.timeoutSeconds });
}

/** What a PATCH body asks for, validated before anything changes. */
interface PlayerUpdate {
  newTrack: { info: TrackInfo | null } | null;
  userData?: Record<string, unknown>;
  paused?: boolean;
  position?: number;
  endTime?: number | null;
  volume?: number;
  filters?: Record<string, unknown>;
  voice?: VoiceState;
}

function patchPlayer(
  ctx: PlayerRouteContext,
  session: FakeSession,
  guildId: string,
  body: unknown,
  noReplace: boolean,
): unknown {
  const update = parsePlayerUpdate(ctx, body);
  const player = session.getOrCreatePlayer(guildId);
  const playsNew = update.newTrack !== null;

  if (update.voice) player.setVoice(update.voice);
  if (update.paused !== undefined && !playsNew) player.setPaused(update.paused);
  if (update.userData !== undefined && !playsNew) player.setUserData(update.userData);
  if (update.volume !== undefined) player.setVolume(update.volume);
  if (update.position !== undefined && !playsNew && player.track) player.seek(update.position);
  if (update.endTime !== undefined && !playsNew) player.setEndTime(update.endTime);
  if (update.filters !== undefined) player.setFilters(update.filters);

  if (update.newTrack) {
    if (noReplace && player.track) return player.toJson();
    const paused = update.paused ?? false;
    const info = update.newTrack.info;
    if (info) {
      player.play(info, { paused, position: update.position, userData: update.userData, endTime: update.endTime });
    } else {
      player.setPaused(paused);
      player.end("stopped");
    }
  }
  return player.toJson();
}

function parsePlayerUpdate(ctx: PlayerRouteContext, body: unknown): PlayerUpdate {
  if (!isJsonObject(body)) throw new HttpError(400, "Request body must be a JSON object");
  const update: PlayerUpdate = { newTrack: null };

  const hasTrack = body.track !== undefined;
  if (hasTrack && ("encodedTrack" in body || "identifier" in body)) {
    throw new HttpError(400, "Cannot specify both track and encodedTrack/identifier");
  }
  let encoded: { value: unknown } | null = null;
  let identifier: { value: unknown } | null = null;
  if (hasTrack) {
    const track = body.track;
    if (!isJsonObject(track)) throw new HttpError(400, "track must be an object");
    if ("encoded" in track) encoded = { value: track.encoded };
    if ("identifier" in track) identifier = { value: track.identifier };
    if ("userData" in track) {
      if (!isJsonObject(track.userData)) throw new HttpError(400, "track.userData must be an object");
      update.userData = track.userData;
    }
  } else {
    if ("encodedTrack" in body) encoded = { value: body.encodedTrack };
    if ("identifier" in body) identifier = { value: body.identifier };
  }
  if (encoded && identifier) throw new HttpError(400, "Cannot specify both encodedTrack and identifier");
  if (encoded) update.newTrack = { info: resolveEncoded(encoded.value) };
  if (identifier) update.newTrack = { info: resolveIdentifier(ctx, identifier.value) };

  if ("filters" in body) {
    if (!isJsonObject(body.filters)) throw new HttpError(400, "filters must be an object");
    update.filters = body.filters;
  }
  if ("voice" in body) update.voice = parseVoice(body.voice, ctx.requiresChannelId);
  if ("endTime" in body) {
    const endTime = body.endTime;
    if (endTime !== null && typeof endTime !== "number") throw new HttpError(400, "endTime must be a number or null");
    if (typeof endTime === "number" && endTime <= 0) throw new HttpError(400, "End time must be greater than 0");
    update.endTime = endTime;
  }
  if ("paused" in body) {
    if (typeof body.paused !== "boolean") throw new HttpError(400, "paused must be a boolean");
    update.paused = body.paused;
  }
  if ("position" in body) {
    if (typeof body.position !== "number" || !Number.isFinite(body.position)) {
      throw new HttpError(400, "position must be a number");
    }
    update.position = body.position;
  }
  if ("volume" in body) {
    if (!Number.isInteger(body.volume)) throw new HttpError(400, "volume must be an integer");
    update.volume = body.volume as number;
  }
  return update;
}

function resolveEncoded(value: unknown): TrackInfo | null {
  if (value === null) return null;
  if (typeof value !== "string") throw new HttpError(400, "track.encoded must be a string or null");
  const info = decodeTrack(value);
  if (!info) throw new HttpError(400, "Failed to decode track");
  return info;
}

function resolveIdentifier(ctx: PlayerRouteContext, value: unknown): TrackInfo {
  if (typeof value !== "string") throw new HttpError(400, "track.identifier must be a string");
  const result = ctx.catalog.load(value);
  switch (result.loadType) {
    case "track":
      return result.data.info;
    case "playlist":
    case "search":
      throw new HttpError(400, "Cannot play a playlist or search result");
    case "empty":
      throw new HttpError(400, "No matches found for identifier");
    case "error":
      throw new HttpError(500, result.data.message ?? "Failed to load track");
  }
}

function parseVoice(value: unknown, requiresChannelId: boolean): VoiceState {
  if (!isJsonObject(value)) throw new HttpError(400, "voice must be an object");
  const text = (key: string): string => (typeof value[key] === "string" ? (value[key] as string) : "");
  const voice: VoiceState = {
    token: text("token"),
    endpoint: text("endpoint"),
    sessionId: text("sessionId"),
    channelId: text("channelId"),
  };
  const blank = (s: string): boolean => s.trim().length === 0;
  if (
    blank(voice.token) ||
    blank(voice.endpoint) ||
    blank(voice.sessionId) ||
    (requiresChannelId && blank(voice.channelId))
  ) {
    throw new HttpError(
      400,
      `Partial Lavalink voice state: VoiceState(token=${voice.token}, endpoint=${voice.endpoint}, sessionId=${voice.sessionId}, channelId=${voice.channelId})`,
    );
  }
  return voice;
}
