import type { Language } from "../i18n/translate.ts";

/**
 * What the app needs from persistence. The app depends on these interfaces only; `src/store/sqlite/` is one
 * implementation, and another backend can be added behind the same shapes.
 */

/** Segment categories the SponsorBlock plugin can skip (SponsorBlock's own names). */
export const SPONSORBLOCK_CATEGORIES = [
  "sponsor",
  "selfpromo",
  "interaction",
  "intro",
  "outro",
  "preview",
  "music_offtopic",
  "filler",
] as const;

export type SponsorBlockCategory = (typeof SPONSORBLOCK_CATEGORIES)[number];

/** Per-guild settings. `null` means "use the configured default" unless noted otherwise. */
export interface GuildSettings {
  /** Prefix for prefix commands; null = the configured default (`PREFIX`). */
  prefix: string | null;
  /** Roles that count as DJ. */
  djRoleIds: string[];
  /** Volume a new player starts at, 0–150; null = the configured default. */
  defaultVolume: number | null;
  /** 24/7 mode: never leave the voice channel on its own. */
  twentyFourSeven: boolean;
  /** Leave once the bot has been alone in voice for this many seconds (default 120). */
  aloneLeaveSeconds: number;
  /** Pause instead of leaving when alone (default false). */
  pauseWhenAlone: boolean;
  /** Leave once the queue has been over for this many seconds (default 180). */
  queueEndLeaveSeconds: number;
  /** Post a "now playing" message when a track starts (default true). */
  announceNowPlaying: boolean;
  /** Share of listeners needed to skip by vote, 0–1 (default 0.5). */
  voteSkipRatio: number;
  /** Most tracks a queue may hold; null = the configured default. */
  maxQueueLength: number | null;
  /** Longest track that may be queued, in minutes; null = no limit. */
  maxTrackMinutes: number | null;
  /** Round-robin the queue between requesters (default false). */
  fairQueue: boolean;
  /** Search source for plain-text queries; null = the configured default. LavaSrc's need a node that has them. */
  defaultSource: "ytsearch" | "ytmsearch" | "scsearch" | "spsearch" | "amsearch" | "dzsearch" | null;
  /** DJ-only mode: only DJs and members with Manage Server control playback (default false). */
  djOnly: boolean;
  /** Most upcoming tracks one member may have queued; null = no per-member limit. DJs are exempt. */
  maxTracksPerMember: number | null;
  /** Refuse tracks that are already playing or queued (default false). */
  noDuplicates: boolean;
  /** Text channels commands are taken from; empty = every channel. Manage Server members are exempt. */
  commandChannelIds: string[];
  /** The one voice channel the bot may join; null = any. */
  voiceChannelId: string | null;
  /** The request channel (`setup`): plain messages there are play requests; null = none. */
  requestChannelId: string | null;
  /** The persistent player message in the request channel. */
  requestMessageId: string | null;
  /** SponsorBlock segment categories skipped on nodes with the SponsorBlock plugin; empty = skip nothing. */
  sponsorBlockCategories: SponsorBlockCategory[];
  /** Language of Encore's replies ("en", "de"); null = the server's Discord language if spoken, else DEFAULT_LANGUAGE. */
  language: Language | null;
}

/** Settings of a guild that never changed anything. Frozen. */
export const DEFAULT_GUILD_SETTINGS: Readonly<GuildSettings> = Object.freeze({
  prefix: null,
  djRoleIds: Object.freeze([]) as unknown as string[],
  defaultVolume: null,
  twentyFourSeven: false,
  aloneLeaveSeconds: 120,
  pauseWhenAlone: false,
  queueEndLeaveSeconds: 180,
  announceNowPlaying: true,
  voteSkipRatio: 0.5,
  maxQueueLength: null,
  maxTrackMinutes: null,
  fairQueue: false,
  defaultSource: null,
  djOnly: false,
  maxTracksPerMember: null,
  noDuplicates: false,
  commandChannelIds: Object.freeze([]) as unknown as string[],
  voiceChannelId: null,
  requestChannelId: null,
  requestMessageId: null,
  sponsorBlockCategories: Object.freeze([]) as unknown as SponsorBlockCategory[],
  language: null,
});

export interface SettingsStore {
  /**
   * The guild's settings, defaults filled in. Synchronous: served from a cache, else from pending writes, else from
   * the database. The returned object is frozen (shared with the cache); copy it before changing it.
   */
  get(guildId: string): GuildSettings;
  /**
   * Validates `patch`, merges it into the current settings and returns the new value. Reads see it at once; it is
   * persisted by the write batcher within the flush interval.
   * @throws UserError "BAD_ARGUMENT" naming the setting and its allowed values
   */
  update(guildId: string, patch: Partial<GuildSettings>): GuildSettings;
  /** Resets one setting, or all of them when `key` is omitted, to the default. */
  reset(guildId: string, key?: keyof GuildSettings): GuildSettings;
  /** Persists every pending write now. */
  flush(): Promise<void>;
  /**
   * Guilds with stored (or pending) settings that satisfy `pred`, e.g. every 24/7 guild at start-up. Guilds that never
   * changed a setting are not considered.
   */
  guildsWith(pred: (s: GuildSettings) => boolean): string[];
}

/** A track as saved in playlists and persisted queues: enough to play it again without a new search. */
export interface StoredTrack {
  /** Lavalink's encoded track. */
  encoded: string;
  /** The source's own id (e.g. a YouTube video id), when known. */
  identifier?: string;
  title: string;
  author: string;
  uri: string | null;
  durationMs: number;
  sourceName: string;
  isStream: boolean;
  isSeekable?: boolean;
  artworkUrl?: string | null;
  requester?: { id: string; username: string } | null;
}

export interface Playlist {
  id: number;
  ownerId: string;
  /** As the owner typed it; matched case-insensitively. */
  name: string;
  tracks: StoredTrack[];
  /** Epoch milliseconds. */
  createdAt: number;
  /** Epoch milliseconds of the last change to the name or the tracks. */
  updatedAt: number;
}

/**
 * A user's saved playlists. Names are 1–32 characters, unique per owner ignoring case. Refusals are `UserError`s with
 * codes PLAYLIST_LIMIT, PLAYLIST_FULL, PLAYLIST_EXISTS, PLAYLIST_NOT_FOUND and BAD_ARGUMENT.
 */
export interface PlaylistStore {
  /** The owner's playlists, sorted by name. */
  list(ownerId: string): { name: string; trackCount: number; updatedAt: number }[];
  get(ownerId: string, name: string): Playlist | null;
  /** @throws UserError PLAYLIST_LIMIT, PLAYLIST_EXISTS, BAD_ARGUMENT (name) */
  create(ownerId: string, name: string): Playlist;
  /** A change of case only is allowed. @throws UserError PLAYLIST_NOT_FOUND, PLAYLIST_EXISTS, BAD_ARGUMENT */
  rename(ownerId: string, from: string, to: string): void;
  /** @throws UserError PLAYLIST_NOT_FOUND */
  delete(ownerId: string, name: string): void;
  /**
   * Appends as many of `tracks` as fit. @returns how many were added and the new total
   * @throws UserError PLAYLIST_NOT_FOUND; PLAYLIST_FULL when none fit
   */
  addTracks(ownerId: string, name: string, tracks: StoredTrack[]): { added: number; total: number };
  /**
   * Removes positions `fromIndex`..`toIndex` (1-based, inclusive; `toIndex` defaults to `fromIndex`).
   * @returns the removed tracks @throws UserError PLAYLIST_NOT_FOUND, BAD_ARGUMENT (positions)
   */
  removeTracks(ownerId: string, name: string, fromIndex: number, toIndex?: number): StoredTrack[];
}

/** A guild's player as saved for resuming after a restart or a node reconnect. */
export interface PersistedPlayer {
  guildId: string;
  voiceChannelId: string;
  textChannelId: string | null;
  nodeId: string | null;
  nodeSessionId: string | null;
  current: StoredTrack | null;
  positionMs: number;
  /** Epoch ms when `positionMs` was sampled. */
  positionAt: number;
  paused: boolean;
  volume: number;
  /** Lavalink filters JSON, stored as given (undefined is stored as null). */
  filters: unknown;
  loop: "off" | "track" | "queue";
  autoplay: boolean;
  upcoming: StoredTrack[];
  previous: StoredTrack[];
  updatedAt: number;
}

export interface QueueStore {
  /** Replaces the guild's saved player. */
  save(p: PersistedPlayer): void;
  /** Updates only the position and pause state (no queue rewrite); does nothing when the guild has no saved player. */
  savePosition(guildId: string, positionMs: number, at: number, paused: boolean): void;
  load(guildId: string): PersistedPlayer | null;
  /** Every saved player; rows that cannot be read are skipped (and logged). */
  all(): PersistedPlayer[];
  delete(guildId: string): void;
}

/** Lavalink session ids per node, so a restarted Encore can resume its sessions. */
export interface NodeSessionStore {
  get(nodeId: string): string | null;
  set(nodeId: string, sessionId: string): void;
  all(): Map<string, string>;
}
