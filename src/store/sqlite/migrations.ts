/**
 * The schema, as an ordered list of steps. Each step runs once, in its own transaction, and moves `PRAGMA user_version`
 * to its `version`. Never edit a released step: append a new one.
 */
export interface Migration {
  /** 1, 2, 3, … without gaps. */
  version: number;
  name: string;
  /** SQL run with `exec`; may hold several statements. */
  up: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "initial schema",
    up: `
      -- One JSON object per guild that changed something. Keys missing from the object read as defaults and keys this
      -- build does not know are kept on rewrite (json_patch), so adding a setting needs no migration and a downgrade
      -- does not lose settings written by a newer build.
      CREATE TABLE guild_settings (
        guild_id   TEXT PRIMARY KEY,
        data       TEXT NOT NULL CHECK (json_valid(data)),
        updated_at INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE playlists (
        id         INTEGER PRIMARY KEY,
        owner_id   TEXT NOT NULL,
        name       TEXT NOT NULL,
        -- Case-folded name; SQLite's NOCASE folds ASCII only.
        name_key   TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        UNIQUE (owner_id, name_key)
      ) STRICT;

      -- Tracks are ordered by position; gaps are allowed, so removing tracks is a plain DELETE with no renumbering.
      CREATE TABLE playlist_tracks (
        playlist_id INTEGER NOT NULL REFERENCES playlists(id) ON DELETE CASCADE,
        position    INTEGER NOT NULL,
        track       TEXT NOT NULL,
        PRIMARY KEY (playlist_id, position)
      ) STRICT, WITHOUT ROWID;

      -- A guild's player is split in two rows: the small, often updated state (position, pause, current track) and
      -- the queue (JSON arrays of tracks). SQLite rewrites a whole row on UPDATE, overflow pages included, so keeping
      -- a long queue out of player_states keeps position updates to one page. See queue-store.ts for the trade-off.
      CREATE TABLE player_states (
        guild_id         TEXT PRIMARY KEY,
        voice_channel_id TEXT NOT NULL,
        text_channel_id  TEXT,
        node_id          TEXT,
        node_session_id  TEXT,
        current_track    TEXT,
        position_ms      INTEGER NOT NULL,
        position_at      INTEGER NOT NULL,
        paused           INTEGER NOT NULL,
        volume           REAL NOT NULL,
        filters          TEXT NOT NULL,
        loop_mode        TEXT NOT NULL CHECK (loop_mode IN ('off', 'track', 'queue')),
        autoplay         INTEGER NOT NULL,
        updated_at       INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE player_queues (
        guild_id TEXT PRIMARY KEY REFERENCES player_states(guild_id) ON DELETE CASCADE,
        upcoming TEXT NOT NULL,
        previous TEXT NOT NULL
      ) STRICT;

      CREATE TABLE node_sessions (
        node_id    TEXT PRIMARY KEY,
        session_id TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
    `,
  },
];

/** The schema version this build writes. */
export function latestSchemaVersion(migrations: readonly Migration[] = MIGRATIONS): number {
  return migrations.reduce((max, m) => Math.max(max, m.version), 0);
}
