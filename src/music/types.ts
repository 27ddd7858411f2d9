import type { LocalText } from "../i18n/translate.ts";
import type { StoredTrack } from "../store/types.ts";

/** Who asked for a track; kept small and serialisable so queues can be persisted. */
export interface Requester {
  readonly id: string;
  readonly username: string;
}

/** The requester stamped on tracks that autoplay queued. */
export const AUTOPLAY_REQUESTER: Requester = Object.freeze({ id: "autoplay", username: "Autoplay" });

/** A track as commands and renderers see it, independent of the Lavalink client library. */
export interface TrackView {
  readonly encoded: string;
  /** The source's own id (e.g. a YouTube video id), when known. */
  readonly identifier?: string;
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

/** Which engine plays a guild's audio: Lavalink nodes or Encore's embedded engine. */
export type EngineKind = "lavalink" | "embedded";

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
  /** Human labels of the active filters, e.g. ["nightcore", "bass boost (high)"]. */
  readonly filters: readonly string[];
  readonly autoplay: boolean;
  /** The engine playing (set by the music front door). */
  readonly engine?: EngineKind;
  /** The player's engine cannot play right now (its music node is down or reconnecting). */
  readonly unavailable?: boolean;
}

export type SearchSource = "ytsearch" | "ytmsearch" | "scsearch" | "spsearch" | "amsearch" | "dzsearch";

export interface SearchOutcome {
  readonly kind: "track" | "playlist" | "search" | "empty";
  readonly tracks: readonly TrackView[];
  readonly playlistName: string | null;
  /** The source that answered, e.g. "ytsearch"; null for URLs. */
  readonly source: string | null;
  /** The source that was asked first when another one answered (source fallback); null otherwise. */
  readonly fellBackFrom: string | null;
  /** Why the first source did not answer (Encore's words or the node's own message, not escaped). */
  readonly fallbackReason: LocalText | null;
}

export interface PlayRequest {
  readonly guildId: string;
  readonly voiceChannelId: string;
  readonly textChannelId: string;
  readonly query: string;
  readonly requester: Requester;
  /** Insert at the front of the queue instead of the end. */
  readonly next?: boolean;
  /** Source for plain-text searches (the guild's setting); the configured default when absent. */
  readonly source?: SearchSource;
  /** Interleave the queue round-robin by requester (the guild's fair-queue setting). */
  readonly fair?: boolean;
  /** The guild's queue length limit; the configured one when absent. */
  readonly maxQueueLength?: number;
  /** The guild's longest allowed track (streams are exempt); no limit when absent. */
  readonly maxTrackMs?: number;
  /** Volume a new player starts at (the guild's setting); the configured one when absent. */
  readonly defaultVolume?: number;
  /** Shuffle the tracks being added (a playlist) before they join the queue. */
  readonly shuffle?: boolean;
  /** The title for a track whose source reports none (an attached file: its name). */
  readonly fileTitle?: string;
  /** The guild's "no duplicates" rule: refuse tracks that are already playing or queued. */
  readonly noDuplicates?: boolean;
  /** The guild's per-member limit of upcoming tracks (absent for DJs and when the guild has none). */
  readonly maxTracksPerRequester?: number;
}

/** Where `join` should take the bot. */
export interface JoinTarget {
  readonly guildId: string;
  readonly voiceChannelId: string;
  readonly textChannelId: string;
  /** Volume a new player starts at; the configured one when absent. */
  readonly defaultVolume?: number;
}

/** What `join` did: connected anew, moved from another channel (queue kept), or found the bot already there. */
export type JoinOutcome = "joined" | "moved" | "already-there";

export interface PlayResult {
  readonly added: readonly TrackView[];
  readonly playlistName: string | null;
  readonly startedPlaying: boolean;
  /** 1-based queue position of the first added track (0 = playing now). */
  readonly position: number;
  /** Tracks dropped because the queue was full or the playlist longer than allowed. */
  readonly truncated: number;
  /** Tracks left out because they were already in the queue (the guild forbids duplicates). */
  readonly duplicates?: number;
  /** Tracks left out because the member reached the guild's per-member limit. */
  readonly overMemberLimit?: number;
  /** The search source that answered (null for links). */
  readonly source: string | null;
  /** Set when the first source failed or found nothing and `source` answered instead. */
  readonly fellBackFrom: string | null;
  /** Why the first source did not answer (not escaped). */
  readonly fallbackReason: LocalText | null;
}

/** Search results offered in a select menu, remembered so a pick can queue them without a new search. */
export interface SearchChoices {
  /** Short id to put in the select menu's custom id. */
  readonly id: string;
  readonly tracks: readonly TrackView[];
  readonly source: string | null;
  readonly fellBackFrom: string | null;
  readonly fallbackReason: LocalText | null;
}

export type FilterPreset =
  | "bassboost"
  | "nightcore"
  | "vaporwave"
  | "8d"
  | "karaoke"
  | "tremolo"
  | "vibrato"
  | "lowpass"
  | "speed"
  | "pitch"
  | "rate"
  | "eq"
  | "distortion"
  | "off";

export type BassLevel = "low" | "medium" | "high";

/**
 * An engine's queue changes other than adding (adding is `play`). Positions are 1-based, as users see them. Commands
 * reach them through the front door's methods (`moveTrack`, `clearQueue`, …), never through an engine.
 */
export interface QueueOps {
  /** Removes positions `from`..`to` (inclusive). @throws UserError BAD_ARGUMENT when out of range */
  remove(guildId: string, from: number, to?: number): Promise<TrackView[]>;
  /** Moves the track at `from` to `to`. @returns the moved track */
  move(guildId: string, from: number, to: number): Promise<TrackView>;
  /** Empties the upcoming queue (the current track keeps playing). @returns how many were removed */
  clear(guildId: string): Promise<number>;
  /** @returns the number of shuffled tracks */
  shuffle(guildId: string): Promise<number>;
  /** Skips to position `n`, dropping the tracks before it. @returns the track that will play */
  skipTo(guildId: string, n: number): Promise<TrackView>;
  /** Plays the most recently played track again; the current one goes back to the front of the queue. */
  previous(guildId: string): Promise<TrackView>;
  /** Restarts the current track. */
  replay(guildId: string): Promise<TrackView>;
  setLoop(guildId: string, mode: LoopMode): Promise<void>;
  /**
   * Removes every upcoming track for which `pred` holds (given the track, its 0-based index and the whole upcoming
   * list). @returns the removed tracks, in queue order
   */
  removeWhere(
    guildId: string,
    pred: (track: TrackView, index: number, upcoming: readonly TrackView[]) => boolean,
  ): Promise<TrackView[]>;
}

export interface FilterOps {
  /**
   * Applies (or, for a preset that is already on, removes) a preset. `value` is the bass level for bassboost and
   * the factor (0.5–2) for speed, pitch and rate. @returns the active filter labels afterwards
   */
  apply(guildId: string, preset: FilterPreset, value?: BassLevel | number | string): Promise<string[]>;
  /** The exact Lavalink `filters` JSON Encore last applied to the guild's player (for persistence). */
  payload(guildId: string): Record<string, unknown>;
}

export interface AutoplayOps {
  isEnabled(guildId: string): boolean;
  /** Turns autoplay on or off; turning it on while the queue is empty resolves the next track at once. */
  setEnabled(guildId: string, on: boolean): Promise<void>;
}

export interface VoteResult {
  readonly votes: number;
  readonly needed: number;
  /** The vote reached the ratio and the track was skipped. */
  readonly skipped: TrackView | null;
  /** The member had already voted for this track. */
  readonly repeated: boolean;
}

export interface LyricsView {
  readonly track: TrackView;
  readonly text: string;
  readonly provider: string;
}

/**
 * What commands can do with music. Every call goes through the circuit breaker; a refusal is a UserError
 * (MUSIC_UNAVAILABLE when no node is usable, NO_PLAYER when nothing plays in the guild, …).
 */
export interface MusicService {
  available(): boolean;
  search(query: string, requester: Requester, source?: SearchSource): Promise<SearchOutcome>;
  /** Searches and remembers up to `limit` results for a later pick (see `playChoices`). */
  offerChoices(query: string, requester: Requester, source?: SearchSource, limit?: number): Promise<SearchChoices>;
  /** Queues the picked results (0-based indexes) of an earlier `offerChoices` by the same user. */
  playChoices(req: Omit<PlayRequest, "query">, choicesId: string, indexes: readonly number[]): Promise<PlayResult>;
  play(req: PlayRequest): Promise<PlayResult>;
  /** Connects to a voice channel without playing, or moves a connected player there (its queue carries on). */
  join(target: JoinTarget): Promise<JoinOutcome>;
  /**
   * Queues saved tracks (a saved playlist) without searching: joins like `play`, respects the queue limit, the
   * playlist limit and the fair-queue setting. @throws UserError NO_RESULTS when `tracks` is empty, QUEUE_FULL
   */
  playStored(req: Omit<PlayRequest, "query">, tracks: readonly StoredTrack[]): Promise<PlayResult>;
  snapshot(guildId: string): QueueSnapshot | null;
  pause(guildId: string): Promise<void>;
  resume(guildId: string): Promise<void>;
  skip(guildId: string): Promise<TrackView | null>;
  stop(guildId: string): Promise<void>;
  leave(guildId: string): Promise<void>;
  setVolume(guildId: string, volume: number): Promise<void>;
  seek(guildId: string, positionMs: number): Promise<void>;
  botVoiceChannel(guildId: string): string | null;
  /** Adds `userId`'s skip vote for the current track; skips when votes reach `ratio` of `listeners`. */
  voteSkip(guildId: string, userId: string, listeners: readonly string[], ratio: number): Promise<VoteResult>;
  /** The guild's last played tracks, most recent first (at most 50). */
  history(guildId: string): readonly TrackView[];
  /** Lyrics of the current track. @throws UserError NO_LYRICS_SOURCE, NO_LYRICS */
  lyrics(guildId: string): Promise<LyricsView>;
  /** Removes queue positions `from`..`to` (1-based, inclusive). @throws UserError BAD_ARGUMENT when out of range */
  removeTracks(guildId: string, from: number, to?: number): Promise<TrackView[]>;
  /** Moves the track at `from` to `to`. @returns the moved track */
  moveTrack(guildId: string, from: number, to: number): Promise<TrackView>;
  /** Empties the upcoming queue (the current track keeps playing). @returns how many were removed */
  clearQueue(guildId: string): Promise<number>;
  /** @returns the number of shuffled tracks */
  shuffle(guildId: string): Promise<number>;
  /** Skips to position `n`, dropping the tracks before it. @returns the track that will play */
  skipTo(guildId: string, n: number): Promise<TrackView>;
  /** Plays the most recently played track again; the current one goes back to the front of the queue. */
  previous(guildId: string): Promise<TrackView>;
  /** Restarts the current track. */
  replay(guildId: string): Promise<TrackView>;
  setLoop(guildId: string, mode: LoopMode): Promise<void>;
  /** Removes every upcoming track for which `pred` holds. @returns the removed tracks, in queue order */
  removeWhere(
    guildId: string,
    pred: (track: TrackView, index: number, upcoming: readonly TrackView[]) => boolean,
  ): Promise<TrackView[]>;
  /** Turns a filter preset on (or off when it is on). @returns the active filter labels afterwards */
  applyFilter(guildId: string, preset: FilterPreset, value?: BassLevel | number | string): Promise<string[]>;
  autoplayEnabled(guildId: string): boolean;
  /** Turns autoplay on or off; turning it on while the queue is empty resolves the next track at once. */
  setAutoplay(guildId: string, on: boolean): Promise<void>;
}
