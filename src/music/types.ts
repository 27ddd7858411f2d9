/** Who asked for a track; kept small and serialisable so queues can be persisted. */
export interface Requester {
  readonly id: string;
  readonly username: string;
}

/** A track as commands and renderers see it, independent of the Lavalink client library. */
export interface TrackView {
  readonly encoded: string;
  readonly title: string;
  readonly author: string;
  readonly uri: string | null;
  readonly durationMs: number;
  readonly isStream: boolean;
  readonly isSeekable: boolean;
  readonly sourceName: string;
  readonly artworkUrl: string | null;
  readonly requester: Requester | null;
}

export type LoopMode = "off" | "track" | "queue";

export interface QueueSnapshot {
  readonly guildId: string;
  readonly current: TrackView | null;
  readonly positionMs: number;
  readonly paused: boolean;
  readonly volume: number;
  readonly loop: LoopMode;
  readonly upcoming: readonly TrackView[];
  readonly voiceChannelId: string | null;
  readonly textChannelId: string | null;
}

export type SearchSource = "ytsearch" | "ytmsearch" | "scsearch";

export interface SearchOutcome {
  readonly kind: "track" | "playlist" | "search" | "empty";
  readonly tracks: readonly TrackView[];
  readonly playlistName: string | null;
  /** The source that answered, e.g. "ytsearch"; null for URLs. */
  readonly source: string | null;
}

export interface PlayRequest {
  readonly guildId: string;
  readonly voiceChannelId: string;
  readonly textChannelId: string;
  readonly query: string;
  readonly requester: Requester;
  readonly next?: boolean;
}

export interface PlayResult {
  readonly added: readonly TrackView[];
  readonly playlistName: string | null;
  readonly startedPlaying: boolean;
  /** 1-based queue position of the first added track (0 = playing now). */
  readonly position: number;
  /** Tracks dropped because the queue was full or the playlist longer than allowed. */
  readonly truncated: number;
}

/**
 * What commands can do with music. Every call goes through the circuit breaker; a refusal is a UserError
 * (MUSIC_UNAVAILABLE when no node is usable, NO_PLAYER when nothing plays in the guild, …).
 */
export interface MusicService {
  available(): boolean;
  search(query: string, requester: Requester, source?: SearchSource): Promise<SearchOutcome>;
  play(req: PlayRequest): Promise<PlayResult>;
  snapshot(guildId: string): QueueSnapshot | null;
  pause(guildId: string): Promise<void>;
  resume(guildId: string): Promise<void>;
  skip(guildId: string): Promise<TrackView | null>;
  stop(guildId: string): Promise<void>;
  leave(guildId: string): Promise<void>;
  setVolume(guildId: string, volume: number): Promise<void>;
  seek(guildId: string, positionMs: number): Promise<void>;
  botVoiceChannel(guildId: string): string | null;
}
