import type { StatementSync } from "node:sqlite";
import type { Clock } from "../../core/clock.ts";
import type { UserError } from "../../core/errors.ts";
import type { Logger } from "../../core/logger.ts";
import { userError } from "../../i18n/translate.ts";
import { playlistNameKey, storableTrack, trackRange, validPlaylistName } from "../playlist-rules.ts";
import type { Playlist, PlaylistStore, StoredTrack } from "../types.ts";
import type { SqliteDatabase } from "./database.ts";

export interface SqlitePlaylistStoreOptions {
  /** Default 25. */
  maxPlaylistsPerUser?: number;
  /** Default 500. */
  maxTracksPerPlaylist?: number;
}

export interface SqlitePlaylistStoreDeps {
  db: SqliteDatabase;
  clock: Clock;
  logger: Logger;
}

interface Statements {
  countByOwner: StatementSync;
  find: StatementSync;
  list: StatementSync;
  insert: StatementSync;
  rename: StatementSync;
  remove: StatementSync;
  touch: StatementSync;
  tracks: StatementSync;
  trackStats: StatementSync;
  insertTrack: StatementSync;
  slice: StatementSync;
  removeRange: StatementSync;
}

interface PlaylistRow {
  id: number;
  name: string;
  createdAt: number;
  updatedAt: number;
}

/** Saved playlists in SQLite: one row per playlist, one row per track (ordered by a gap-tolerant position). */
export class SqlitePlaylistStore implements PlaylistStore {
  private readonly deps: SqlitePlaylistStoreDeps;
  private readonly maxPlaylists: number;
  private readonly maxTracks: number;
  private statements: Statements | undefined;

  constructor(opts: SqlitePlaylistStoreOptions, deps: SqlitePlaylistStoreDeps) {
    this.deps = deps;
    this.maxPlaylists = opts.maxPlaylistsPerUser ?? 25;
    this.maxTracks = opts.maxTracksPerPlaylist ?? 500;
    this.statements = undefined;
  }

  /** Prepares statements. Call after the database is open. */
  open(): void {
    const db = this.deps.db.connection;
    this.statements = {
      countByOwner: db.prepare("SELECT count(*) AS n FROM playlists WHERE owner_id = ?"),
      find: db.prepare("SELECT id, name, created_at, updated_at FROM playlists WHERE owner_id = ? AND name_key = ?"),
      list: db.prepare(
        `SELECT p.name, p.updated_at,
           (SELECT count(*) FROM playlist_tracks t WHERE t.playlist_id = p.id) AS track_count
         FROM playlists p WHERE p.owner_id = ? ORDER BY p.name_key`,
      ),
      insert: db.prepare(
        "INSERT INTO playlists (owner_id, name, name_key, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
      ),
      rename: db.prepare("UPDATE playlists SET name = ?, name_key = ?, updated_at = ? WHERE id = ?"),
      remove: db.prepare("DELETE FROM playlists WHERE id = ?"),
      touch: db.prepare("UPDATE playlists SET updated_at = ? WHERE id = ?"),
      tracks: db.prepare("SELECT track FROM playlist_tracks WHERE playlist_id = ? ORDER BY position"),
      trackStats: db.prepare(
        "SELECT count(*) AS n, coalesce(max(position), 0) AS last FROM playlist_tracks WHERE playlist_id = ?",
      ),
      insertTrack: db.prepare("INSERT INTO playlist_tracks (playlist_id, position, track) VALUES (?, ?, ?)"),
      slice: db.prepare(
        "SELECT position, track FROM playlist_tracks WHERE playlist_id = ? ORDER BY position LIMIT ? OFFSET ?",
      ),
      removeRange: db.prepare("DELETE FROM playlist_tracks WHERE playlist_id = ? AND position BETWEEN ? AND ?"),
    };
  }

  /** Drops the prepared statements; later calls throw. Call before the database closes. */
  close(): void {
    this.statements = undefined;
  }

  list(ownerId: string): { name: string; trackCount: number; updatedAt: number }[] {
    return this.stmts()
      .list.all(ownerId)
      .map((row) => ({
        name: String(row.name),
        trackCount: Number(row.track_count),
        updatedAt: Number(row.updated_at),
      }));
  }

  get(ownerId: string, name: string): Playlist | null {
    const row = this.find(ownerId, name);
    if (!row) return null;
    const tracks: StoredTrack[] = [];
    for (const t of this.stmts().tracks.iterate(row.id)) {
      const track = this.parseTrack(t.track, row.id);
      if (track) tracks.push(track);
    }
    return { id: row.id, ownerId, name: row.name, tracks, createdAt: row.createdAt, updatedAt: row.updatedAt };
  }

  create(ownerId: string, name: string): Playlist {
    const clean = validPlaylistName(name);
    const s = this.stmts();
    return this.deps.db.transaction(() => {
      if (this.find(ownerId, clean)) throw exists(clean);
      if (Number(s.countByOwner.get(ownerId)?.n) >= this.maxPlaylists) {
        throw userError("PLAYLIST_LIMIT", "store.playlistLimit", { max: this.maxPlaylists });
      }
      const now = this.deps.clock.now();
      const { lastInsertRowid } = s.insert.run(ownerId, clean, playlistNameKey(clean), now, now);
      return { id: Number(lastInsertRowid), ownerId, name: clean, tracks: [], createdAt: now, updatedAt: now };
    });
  }

  rename(ownerId: string, from: string, to: string): void {
    const clean = validPlaylistName(to);
    this.deps.db.transaction(() => {
      const row = this.require(ownerId, from);
      const clash = this.find(ownerId, clean);
      if (clash && clash.id !== row.id) throw exists(clean);
      this.stmts().rename.run(clean, playlistNameKey(clean), this.deps.clock.now(), row.id);
    });
  }

  delete(ownerId: string, name: string): void {
    this.deps.db.transaction(() => {
      this.stmts().remove.run(this.require(ownerId, name).id);
    });
  }

  addTracks(ownerId: string, name: string, tracks: StoredTrack[]): { added: number; total: number } {
    const clean = tracks.map(storableTrack);
    const s = this.stmts();
    return this.deps.db.transaction(() => {
      const row = this.require(ownerId, name);
      const { count, last } = this.trackStats(row.id);
      if (clean.length === 0) return { added: 0, total: count };
      const room = this.maxTracks - count;
      if (room <= 0) {
        throw userError("PLAYLIST_FULL", "store.playlistFull", { name: row.name, count, max: this.maxTracks });
      }
      const fitting = clean.slice(0, room);
      fitting.forEach((track, i) => {
        s.insertTrack.run(row.id, last + 1 + i, JSON.stringify(track));
      });
      s.touch.run(this.deps.clock.now(), row.id);
      return { added: fitting.length, total: count + fitting.length };
    });
  }

  removeTracks(ownerId: string, name: string, fromIndex: number, toIndex?: number): StoredTrack[] {
    const s = this.stmts();
    return this.deps.db.transaction(() => {
      const row = this.require(ownerId, name);
      const { offset, length } = trackRange(this.trackStats(row.id).count, fromIndex, toIndex);
      const slice = s.slice.all(row.id, length, offset);
      const first = Number(slice[0]?.position);
      const lastPos = Number(slice[slice.length - 1]?.position);
      s.removeRange.run(row.id, first, lastPos);
      s.touch.run(this.deps.clock.now(), row.id);
      const removed: StoredTrack[] = [];
      for (const r of slice) {
        const track = this.parseTrack(r.track, row.id);
        if (track) removed.push(track);
      }
      return removed;
    });
  }

  private find(ownerId: string, name: string): PlaylistRow | undefined {
    const row = this.stmts().find.get(ownerId, playlistNameKey(name));
    if (!row) return undefined;
    return {
      id: Number(row.id),
      name: String(row.name),
      createdAt: Number(row.created_at),
      updatedAt: Number(row.updated_at),
    };
  }

  private require(ownerId: string, name: string): PlaylistRow {
    const row = this.find(ownerId, name);
    if (!row) {
      throw userError("PLAYLIST_NOT_FOUND", "store.playlistNotFound", { name: String(name).trim() });
    }
    return row;
  }

  private trackStats(playlistId: number): { count: number; last: number } {
    const row = this.stmts().trackStats.get(playlistId);
    return { count: Number(row?.n ?? 0), last: Number(row?.last ?? 0) };
  }

  private parseTrack(data: unknown, playlistId: number): StoredTrack | undefined {
    try {
      return JSON.parse(String(data)) as StoredTrack;
    } catch (err) {
      this.deps.logger.warn({ err, playlistId }, "skipping an unreadable playlist track");
      return undefined;
    }
  }

  private stmts(): Statements {
    if (!this.statements) throw new Error("playlist store is not open");
    return this.statements;
  }
}

function exists(name: string): UserError {
  return userError("PLAYLIST_EXISTS", "store.playlistExists", { name });
}
