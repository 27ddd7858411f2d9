import type { CacheRegistry } from "../core/cache.ts";
import type { Clock } from "../core/clock.ts";
import type { Logger } from "../core/logger.ts";
import { SqliteDatabase } from "./sqlite/database.ts";
import { SqliteNodeSessionStore } from "./sqlite/node-session-store.ts";
import { SqlitePlaylistStore } from "./sqlite/playlist-store.ts";
import { SqliteQueueStore } from "./sqlite/queue-store.ts";
import { SqliteSettingsStore } from "./sqlite/settings-store.ts";
import type { NodeSessionStore, PlaylistStore, QueueStore, SettingsStore } from "./types.ts";

export { isStoreError, StoreError, type StoreErrorReason } from "./errors.ts";
export { PLAYLIST_NAME_MAX_LENGTH } from "./playlist-rules.ts";
export { SETTING_KEYS, SETTING_LIMITS } from "./settings-schema.ts";
export * from "./types.ts";

export interface SqliteStoreOptions {
  /** Database file (`DATABASE_PATH`), or ":memory:". */
  path: string;
  clock: Clock;
  /** The settings cache ("settings") is registered here while the store is open. */
  caches: CacheRegistry;
  logger: Logger;
  /** Default 25. */
  maxPlaylistsPerUser?: number;
  /** Default 500. */
  maxTracksPerPlaylist?: number;
  /** Settings changes reach the database at most this long after they are made. Default 2000 ms. */
  settingsFlushMs?: number;
}

/** Everything Encore persists, behind backend-neutral interfaces. */
export interface Store {
  settings: SettingsStore;
  playlists: PlaylistStore;
  queues: QueueStore;
  sessions: NodeSessionStore;
  /**
   * Opens the database (creating it when missing), checks it and applies migrations.
   * @throws StoreError when the file is not a usable database; the file is left untouched
   */
  open(): void;
  /** Persists pending settings, then closes the database. The database is closed even when the final write fails. */
  close(): Promise<void>;
  /** Why the last write failed at the storage level (read-only, disk full…); null while writes work. */
  writeFailure(): string | null;
}

/** Builds the SQLite-backed store. Nothing touches the disk until `open()`. */
export function createSqliteStore(opts: SqliteStoreOptions): Store {
  const logger = opts.logger;
  const db = new SqliteDatabase({ path: opts.path, logger });
  const settings = new SqliteSettingsStore(
    { flushIntervalMs: opts.settingsFlushMs ?? 2000 },
    { db, clock: opts.clock, caches: opts.caches, logger },
  );
  const playlistOpts: { maxPlaylistsPerUser?: number; maxTracksPerPlaylist?: number } = {};
  if (opts.maxPlaylistsPerUser !== undefined) playlistOpts.maxPlaylistsPerUser = opts.maxPlaylistsPerUser;
  if (opts.maxTracksPerPlaylist !== undefined) playlistOpts.maxTracksPerPlaylist = opts.maxTracksPerPlaylist;
  const playlists = new SqlitePlaylistStore(playlistOpts, { db, clock: opts.clock, logger });
  const queues = new SqliteQueueStore({ db, clock: opts.clock, logger });
  const sessions = new SqliteNodeSessionStore({ db, clock: opts.clock });
  let settingsOpen = false;

  return {
    settings,
    playlists,
    queues,
    sessions,
    open() {
      db.open();
      try {
        playlists.open();
        queues.open();
        sessions.open();
        // Last: it registers the settings cache, which nothing would unregister if a later step threw.
        settings.open();
        settingsOpen = true;
      } catch (err) {
        db.close();
        throw err;
      }
      logger.info({ path: opts.path, schema: db.schemaVersion() }, "database opened");
    },
    writeFailure: () => db.lastWriteFailure,
    async close() {
      try {
        if (settingsOpen) {
          settingsOpen = false;
          await settings.close();
        }
      } finally {
        playlists.close();
        queues.close();
        sessions.close();
        db.close();
      }
    },
  };
}
