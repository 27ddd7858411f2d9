/**
 * Public and shared types of the fake Lavalink v4 node used by Encore's tests.
 * Shapes follow the Lavalink v4 REST/WebSocket protocol (docs/api/rest.md, docs/api/websocket.md).
 */

/** JSON of arbitrary shape, recorded as it went over the wire so tests can assert on it without casts. */
// biome-ignore lint/suspicious/noExplicitAny: recorded wire JSON of arbitrary shape, asserted on without casts
export type WireJson = any;

export type ExceptionSeverity = "common" | "suspicious" | "fault";

export type TrackEndReason = "finished" | "loadFailed" | "stopped" | "replaced" | "cleanup";

/** A track the fake node can find through search, URL or bare identifier. */
export interface FakeTrackSpec {
  identifier: string;
  title: string;
  author: string;
  /** Duration in milliseconds. */
  length: number;
  uri: string;
  /** Default "youtube". */
  sourceName?: string;
  isStream?: boolean;
  isSeekable?: boolean;
  artworkUrl?: string | null;
  isrc?: string | null;
}

export interface FakePlaylistSpec {
  url: string;
  name: string;
  /** Identifiers of catalog tracks, in playlist order. */
  trackIds: string[];
  /** LavaSrc's playlist kind ("album", "playlist", "artist"); sets the playlist's `pluginInfo` like LavaSrc does. */
  lavaSrcType?: "album" | "playlist" | "artist";
}

export interface FakeLyrics {
  /** Default "fake-lyrics". */
  provider?: string;
  /** Plain text; null when only timed lines exist. */
  text?: string | null;
  lines?: { timestamp: number; line: string }[];
}

export interface FakeSegment {
  category: string;
  /** Milliseconds. */
  start: number;
  end: number;
}

export interface FakeLoadError {
  message: string;
  severity: ExceptionSeverity;
  cause?: string;
}

export interface FakeLavalinkOptions {
  /** Default "youshallnotpass". */
  password?: string;
  /** Default 0 (random); restart() reuses the bound port. */
  port?: number;
  /** Semver for /v4/info and /version, default "4.2.2". Below 4.2 the voice `channelId` is optional. */
  version?: string;
  /** Default ["youtube", "soundcloud", "http"]. */
  sourceManagers?: string[];
  /** Default []. */
  plugins?: { name: string; version: string }[];
  /** Searchable tracks. */
  catalog?: FakeTrackSpec[];
  playlists?: FakePlaylistSpec[];
  /** Full identifier (e.g. "ytsearch:foo" or a URL) → loadType "error" (HTTP 200). */
  loadErrors?: Record<string, FakeLoadError>;
  /** playerUpdate cadence while a track is loaded; default 5000 like real Lavalink. */
  playerUpdateIntervalMs?: number;
  /** stats cadence per connected socket; default 60000. */
  statsIntervalMs?: number;
  /**
   * Lyrics by track identifier, served on `GET /v4/sessions/{id}/players/{guild}/track/lyrics` (LavaLyrics) when
   * `plugins` includes "lavalyrics-plugin" (a track without an entry answers 204), and on
   * `GET /v4/sessions/{id}/players/{guild}/lyrics` (java-timed-lyrics) when it includes "java-lyrics-plugin" (404).
   */
  lyrics?: Record<string, FakeLyrics>;
  /** What java-timed-lyrics finds, when it differs from LavaLyrics (`lyrics`). Default: `lyrics`. */
  javaLyrics?: Record<string, FakeLyrics>;
  /**
   * Like a real node's http source: an http(s) link the catalog does not know loads as one audio file without tags
   * ("Unknown title", "Unknown artist", 3 minutes) when "http" is among the source managers. Default false (empty).
   */
  httpFiles?: boolean;
  /** A search the catalog has no hit for returns this many tracks made up from the query (0: empty). Default 0. */
  synthesizeSearchResults?: number;
  /**
   * When false, a voice update does not send a `playerUpdate` at once, like real Lavalink (which sends them on play,
   * seek, filter changes and resume, then on its cadence while a track plays). Default true.
   */
  playerUpdateOnVoice?: boolean;
  /** When true, a playing track ends by itself ("finished") once its position reaches its length. Default false. */
  autoFinish?: boolean;
  /**
   * Answer like NodeLink instead of Lavalink: `/v4/info` carries `isNodeLink: true`, version numbers as strings and
   * no JVM/lavaplayer fields; `version` is then NodeLink's own number (e.g. "3.0.1"). Default false.
   */
  nodeLink?: boolean;
  /** When false, `PATCH /v4/sessions/{id}` (making the session resumable) answers 404, as some servers do. Default true. */
  resumable?: boolean;
  /**
   * Short links (deezer.page.link, spotify.link) and where they redirect; the LavaSrc source of the target follows
   * them when the node has it. Default {}.
   */
  shortLinks?: Record<string, string>;
  /**
   * SponsorBlock segments by track identifier. With "sponsorblock-plugin" in `plugins`, a track starting whose player
   * has categories set (`PUT …/sponsorblock/categories`) gets `SegmentsLoaded` and, for each segment of a chosen
   * category, `SegmentSkipped` (the position jumps past it), like the plugin.
   */
  segments?: Record<string, FakeSegment[]>;
}

/** One REST request as the fake node answered it. Header names are lower-case. */
export interface LavalinkRequest {
  method: string;
  /** Path without query, e.g. "/v4/sessions/abc/players/123". */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | undefined>;
  /** Parsed JSON body, the raw text when it was not JSON, undefined when empty. */
  body: WireJson;
  status: number;
  /** Unix ms when the response was written. */
  at: number;
}

/** One WebSocket upgrade attempt. Header names are lower-case. */
export interface LavalinkHandshake {
  headers: Record<string, string | undefined>;
  /** 101 on success, otherwise the HTTP status of the refusal. */
  status: number;
  at: number;
  resumed: boolean;
}

/** One op written to a client socket, with the session it went to. */
export interface LavalinkSentOp {
  sessionId: string;
  op: WireJson;
  at: number;
}

export interface VoiceState {
  token: string;
  endpoint: string;
  sessionId: string;
  channelId: string;
}

export interface TrackInfo {
  identifier: string;
  isSeekable: boolean;
  author: string;
  length: number;
  isStream: boolean;
  position: number;
  title: string;
  uri: string | null;
  artworkUrl: string | null;
  isrc: string | null;
  sourceName: string;
}

/** Track object of the protocol (rest.md#track). */
export interface TrackJson {
  encoded: string;
  info: TrackInfo;
  pluginInfo: Record<string, unknown>;
  userData: Record<string, unknown>;
}

export interface LavalinkException {
  message: string | null;
  severity: ExceptionSeverity;
  cause: string;
  causeStackTrace: string;
}

export type LoadResult =
  | { loadType: "track"; data: TrackJson }
  | {
      loadType: "playlist";
      data: { info: { name: string; selectedTrack: number }; pluginInfo: Record<string, unknown>; tracks: TrackJson[] };
    }
  | { loadType: "search"; data: TrackJson[] }
  | { loadType: "empty"; data: Record<string, never> }
  | { loadType: "error"; data: LavalinkException };

/** Snapshot of one player on the fake node. */
export interface FakePlayerState {
  guildId: string;
  /** Session the player lives in. */
  sessionId: string;
  /** Full Track object including userData; `info.position` is the current position. */
  track: WireJson | null;
  position: number;
  volume: number;
  paused: boolean;
  filters: WireJson;
  voice: VoiceState | null;
  /** Whether the (simulated) voice gateway is open: set by a voice PATCH, cleared by closeVoice(). */
  connected: boolean;
  endTime?: number | null;
}
