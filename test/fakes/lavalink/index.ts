/** Fake Lavalink v4 node (REST + WebSocket on 127.0.0.1) for Encore's tests. */
export { FakeLavalink } from "./fake-lavalink.ts";
export {
  defaultHandshakeHeaders,
  HandshakeRefused,
  openSocket,
  RAW_CLIENT_ID,
  type RawSocket,
  rest,
} from "./raw-client.ts";
export { TrafficLog } from "./recorder.ts";
export { decodeTrack, encodeTrack, infoFromSpec, trackFromInfo } from "./tracks.ts";
export type {
  ExceptionSeverity,
  FakeLavalinkOptions,
  FakeLoadError,
  FakeLyrics,
  FakePlayerState,
  FakePlaylistSpec,
  FakeTrackSpec,
  LavalinkException,
  LavalinkHandshake,
  LavalinkRequest,
  LavalinkSentOp,
  LoadResult,
  TrackEndReason,
  TrackInfo,
  TrackJson,
  VoiceState,
  WireJson,
} from "./types.ts";
