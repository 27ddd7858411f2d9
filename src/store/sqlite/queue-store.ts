import type { SQLOutputValue, StatementSync } from "node:sqlite";
import type { Clock } from "../../core/clock.ts";
import type { Logger } from "../../core/logger.ts";
import type { PersistedPlayer, QueueStore, StoredTrack } from "../types.ts";
import type { SqliteDatabase } from "./database.ts";

export interface SqliteQueueStoreDeps {
  db: SqliteDatabase;
  clock: Clock;
  logger: Logger;
}

interface Statements {
  upsertState: StatementSync;
  upsertQueue: StatementSync;
  position: StatementSync;
  select: StatementSync;
  selectAll: StatementSync;
  remove: StatementSync;
}

const STATE_COLUMNS = [
  "guild_id",
  "voice_channel_id",
  "text_channel_id",
  "node_id",
  "node_session_id",
  "current_track",
  "position_ms",
  "position_at",
  "paused",
  "volume",
  "filters",
  "loop_mode",
  "autoplay",
  "updated_at",
];

const SELECT_PLAYER = `SELECT ${STATE_COLUMNS.map((c) => `s.${c}`).join(", ")}, q.upcoming, q.previous
  FROM player_states s LEFT JOIN player_queues q ON q.guild_id = s.guild_id`;

const LOOP_MODES: ReadonlySet<string> = new Set(["off", "track", "queue"]);

/**
 * Persisted players in SQLite: per guild, one small `player_states` row (ids, position, pause, volume, filters, loop,
 * the current track as JSON) and one `player_queues` row holding the upcoming and previous tracks as JSON arrays.
 *
 * Why JSON arrays and not a row per track: `save` always receives the whole player, so a track table would mean
 * deleting and re-inserting every track row (hundreds of B-tree writes for a long queue) where a JSON column is one
 * row write; `load` and `all` are single reads; and a saved queue is only ever replaced or read as a whole, never
 * queried by track. The cost is that every `save` rewrites the whole queue (about 0.7 KB per track), so callers should
 * save on queue changes, not on every position sample.
 *
 * Why two tables: SQLite rewrites a whole row on UPDATE, overflow pages included. With the queue in a separate row,
 * {@link SqliteQueueStore.savePosition} (one UPDATE of four scalar columns) writes one small row however long the
 * queue is.
 */
export class SqliteQueueStore implements QueueStore {
  private readonly deps: SqliteQueueStoreDeps;
  private statements: Statements | undefined;

  constructor(deps: SqliteQueueStoreDeps) {
    this.deps = deps;
    this.statements = undefined;
  }

  /** Prepares statements. Call after the database is open. */
  open(): void {
    const db = this.deps.db.connection;
    this.statements = {
      // Upserts, not INSERT OR REPLACE: a REPLACE deletes the old state row, which would cascade to its queue row.
      upsertState: db.prepare(
        `INSERT INTO player_states (${STATE_COLUMNS.join(", ")}) VALUES (${STATE_COLUMNS.map(() => "?").join(", ")})
         ON CONFLICT (guild_id) DO UPDATE SET ${STATE_COLUMNS.slice(1)
           .map((c) => `${c} = excluded.${c}`)
           .join(", ")}`,
      ),
      upsertQueue: db.prepare(
        `INSERT INTO player_queues (guild_id, upcoming, previous) VALUES (?, ?, ?)
         ON CONFLICT (guild_id) DO UPDATE SET upcoming = excluded.upcoming, previous = excluded.previous`,
      ),
      position: db.prepare(
        "UPDATE player_states SET position_ms = ?, position_at = ?, paused = ?, updated_at = ? WHERE guild_id = ?",
      ),
      select: db.prepare(`${SELECT_PLAYER} WHERE s.guild_id = ?`),
      selectAll: db.prepare(`${SELECT_PLAYER} ORDER BY s.guild_id`),
      remove: db.prepare("DELETE FROM player_states WHERE guild_id = ?"),
    };
  }

  /** Drops the prepared statements; later calls throw. Call before the database closes. */
  close(): void {
    this.statements = undefined;
  }

  save(p: PersistedPlayer): void {
    const s = this.stmts();
    const upcoming = JSON.stringify(p.upcoming);
    const previous = JSON.stringify(p.previous);
    this.deps.db.transaction(() => {
      s.upsertState.run(
        p.guildId,
        p.voiceChannelId,
        p.textChannelId,
        p.nodeId,
        p.nodeSessionId,
        p.current === null ? null : JSON.stringify(p.current),
        Math.round(p.positionMs),
        Math.round(p.positionAt),
        p.paused ? 1 : 0,
        p.volume,
        JSON.stringify(p.filters ?? null),
        p.loop,
        p.autoplay ? 1 : 0,
        Math.round(p.updatedAt),
      );
      s.upsertQueue.run(p.guildId, upcoming, previous);
    });
  }

  /** One UPDATE of four scalar columns; `updatedAt` becomes the clock's now. */
  savePosition(guildId: string, positionMs: number, at: number, paused: boolean): void {
    const s = this.stmts();
    this.deps.db.write(() =>
      s.position.run(Math.round(positionMs), Math.round(at), paused ? 1 : 0, this.deps.clock.now(), guildId),
    );
  }

  load(guildId: string): PersistedPlayer | null {
    const row = this.stmts().select.get(guildId);
    return row ? this.fromRow(row) : null;
  }

  all(): PersistedPlayer[] {
    const players: PersistedPlayer[] = [];
    for (const row of this.stmts().selectAll.iterate()) {
      const player = this.fromRow(row);
      if (player) players.push(player);
    }
    return players;
  }

  /** Removes the guild's state and, by cascade, its queue. */
  delete(guildId: string): void {
    this.deps.db.write(() => this.stmts().remove.run(guildId));
  }

  /** A player from its row, or null (logged) when its JSON cannot be read, so one bad row cannot block resuming. */
  private fromRow(row: Record<string, SQLOutputValue>): PersistedPlayer | null {
    try {
      const loop = String(row.loop_mode);
      return {
        guildId: String(row.guild_id),
        voiceChannelId: String(row.voice_channel_id),
        textChannelId: nullableString(row.text_channel_id),
        nodeId: nullableString(row.node_id),
        nodeSessionId: nullableString(row.node_session_id),
        current: row.current_track === null ? null : (JSON.parse(String(row.current_track)) as StoredTrack),
        positionMs: Number(row.position_ms),
        positionAt: Number(row.position_at),
        paused: row.paused === 1,
        volume: Number(row.volume),
        filters: JSON.parse(String(row.filters)) as unknown,
        loop: LOOP_MODES.has(loop) ? (loop as PersistedPlayer["loop"]) : "off",
        autoplay: row.autoplay === 1,
        upcoming: trackArray(row.upcoming),
        previous: trackArray(row.previous),
        updatedAt: Number(row.updated_at),
      };
    } catch (err) {
      this.deps.logger.warn({ err, guildId: row.guild_id }, "skipping an unreadable persisted player");
      return null;
    }
  }

  private stmts(): Statements {
    if (!this.statements) throw new Error("queue store is not open");
    return this.statements;
  }
}

function nullableString(value: SQLOutputValue | undefined): string | null {
  return value === null || value === undefined ? null : String(value);
}

/** A JSON array of tracks; a missing queue row (never written without its state row) reads as empty. */
function trackArray(value: SQLOutputValue | undefined): StoredTrack[] {
  if (value === null || value === undefined) return [];
  const parsed: unknown = JSON.parse(String(value));
  if (!Array.isArray(parsed)) throw new TypeError("stored tracks are not a list");
  return parsed as StoredTrack[];
}
