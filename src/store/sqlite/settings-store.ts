import type { StatementSync } from "node:sqlite";
import type { CacheRegistry } from "../../core/cache.ts";
import { TtlCache } from "../../core/cache.ts";
import type { Clock } from "../../core/clock.ts";
import type { Logger } from "../../core/logger.ts";
import { WriteBatcher } from "../../core/write-batcher.ts";
import { userError } from "../../i18n/translate.ts";
import { freezeSettings, isSettingKey, settingsFromStored, validateSettingsPatch } from "../settings-schema.ts";
import { DEFAULT_GUILD_SETTINGS, type GuildSettings, type SettingsStore } from "../types.ts";
import type { SqliteDatabase } from "./database.ts";

export interface SqliteSettingsStoreOptions {
  /** A pending write reaches the database at most this long after it was made. Default 2000 ms. */
  flushIntervalMs?: number;
  /** Flush early when more guilds than this have pending writes. Default 100. */
  maxPending?: number;
  /** Guilds whose settings stay cached. Default 10 000. */
  cacheMax?: number;
  /** How long a cached guild is served without reading the database. Default 10 minutes. */
  cacheTtlMs?: number;
}

export interface SqliteSettingsStoreDeps {
  db: SqliteDatabase;
  clock: Clock;
  caches: CacheRegistry;
  logger: Logger;
}

/** Counters of what the batcher has persisted, for metrics and tests. */
export interface SettingsWriteStats {
  /** Batches committed (one transaction each). */
  flushes: number;
  /** Guild rows inserted or updated. */
  rowsWritten: number;
  /** Guild rows removed by a full reset. */
  rowsDeleted: number;
}

interface Statements {
  select: StatementSync;
  selectAll: StatementSync;
  upsert: StatementSync;
  remove: StatementSync;
}

/** A pending write: the full new settings, or null for "back to defaults" (the row is removed). */
type PendingSettings = GuildSettings | null;

/**
 * Guild settings in SQLite. Reads are cache-aside (cache, then pending writes, then the database; guilds without a row
 * are cached as defaults too). Writes go to the cache and the {@link WriteBatcher} at once, and reach the database in
 * one transaction per batch, so a burst of changes costs one write per guild.
 */
export class SqliteSettingsStore implements SettingsStore {
  private readonly deps: SqliteSettingsStoreDeps;
  private readonly cache: TtlCache<string, GuildSettings>;
  private readonly batcher: WriteBatcher<string, PendingSettings>;
  /** Guilds written since they were last seen persisted; lets `guildsWith` overlay writes not yet flushed. */
  private readonly unflushed: Set<string>;
  private readonly writeStats: SettingsWriteStats;
  private statements: Statements | undefined;

  constructor(opts: SqliteSettingsStoreOptions, deps: SqliteSettingsStoreDeps) {
    this.deps = deps;
    this.cache = new TtlCache<string, GuildSettings>(
      { name: "settings", max: opts.cacheMax ?? 10_000, ttlMs: opts.cacheTtlMs ?? 10 * 60_000 },
      deps.clock,
    );
    this.batcher = new WriteBatcher<string, PendingSettings>(
      {
        flushIntervalMs: opts.flushIntervalMs ?? 2000,
        maxPending: opts.maxPending ?? 100,
        write: (entries) => this.writeBatch(entries),
        onError: (err) => deps.logger.error({ err }, "saving guild settings failed; will retry"),
      },
      deps.clock,
    );
    this.unflushed = new Set();
    this.writeStats = { flushes: 0, rowsWritten: 0, rowsDeleted: 0 };
    this.statements = undefined;
  }

  /** Prepares statements and registers the cache. Call after the database is open. */
  open(): void {
    const db = this.deps.db.connection;
    this.statements = {
      select: db.prepare("SELECT data FROM guild_settings WHERE guild_id = ?"),
      selectAll: db.prepare("SELECT guild_id, data FROM guild_settings"),
      // json_patch keeps keys this build does not know (written by a newer Encore); null values remove a key, which
      // reads back as the default, and every nullable setting defaults to null.
      upsert: db.prepare(
        `INSERT INTO guild_settings (guild_id, data, updated_at) VALUES (?, json(?), ?)
         ON CONFLICT (guild_id) DO UPDATE SET data = json_patch(guild_settings.data, excluded.data),
           updated_at = excluded.updated_at`,
      ),
      remove: db.prepare("DELETE FROM guild_settings WHERE guild_id = ?"),
    };
    this.deps.caches.register(this.cache);
  }

  /** Writes everything pending and stops the timer; later calls throw. @throws when the final write fails */
  async close(): Promise<void> {
    try {
      await this.batcher.stop();
    } finally {
      this.deps.caches.unregister(this.cache.name);
      this.cache.clear();
      this.statements = undefined;
    }
  }

  get(guildId: string): GuildSettings {
    const cached = this.cache.get(guildId);
    if (cached) return cached;
    const pending = this.batcher.get(guildId);
    const value = pending === undefined ? this.readRow(guildId) : (pending ?? DEFAULT_GUILD_SETTINGS);
    this.cache.set(guildId, value);
    return value;
  }

  update(guildId: string, patch: Partial<GuildSettings>): GuildSettings {
    const changes = validateSettingsPatch(patch);
    const current = this.get(guildId);
    if (Object.keys(changes).length === 0) return current;
    return this.write(guildId, { ...current, ...changes });
  }

  reset(guildId: string, key?: keyof GuildSettings): GuildSettings {
    if (key === undefined) return this.write(guildId, null);
    if (!isSettingKey(key)) throw userError("BAD_ARGUMENT", "store.noSuchSetting", { key: String(key) });
    return this.write(guildId, { ...this.get(guildId), [key]: DEFAULT_GUILD_SETTINGS[key] });
  }

  async flush(): Promise<void> {
    await this.batcher.flush();
  }

  guildsWith(pred: (s: GuildSettings) => boolean): string[] {
    const all = new Map<string, GuildSettings>();
    for (const row of this.stmts().selectAll.iterate()) {
      all.set(String(row.guild_id), this.parse(String(row.guild_id), row.data));
    }
    for (const guildId of this.unflushed) {
      const pending = this.batcher.get(guildId);
      if (pending === undefined) this.unflushed.delete(guildId);
      else if (pending === null) all.delete(guildId);
      else all.set(guildId, pending);
    }
    const matching: string[] = [];
    for (const [guildId, settings] of all) if (pred(settings)) matching.push(guildId);
    return matching;
  }

  /** Guilds with writes not yet persisted. */
  pending(): number {
    return this.batcher.pending();
  }

  stats(): Readonly<SettingsWriteStats> {
    return { ...this.writeStats };
  }

  private write(guildId: string, next: GuildSettings | null): GuildSettings {
    const value = next === null ? DEFAULT_GUILD_SETTINGS : freezeSettings(next);
    this.batcher.set(guildId, next === null ? null : value);
    this.unflushed.add(guildId);
    this.cache.set(guildId, value);
    return value;
  }

  private writeBatch(entries: Map<string, PendingSettings>): void {
    const { upsert, remove } = this.stmts();
    const now = this.deps.clock.now();
    let written = 0;
    let deleted = 0;
    this.deps.db.transaction(() => {
      for (const [guildId, value] of entries) {
        if (value === null) {
          remove.run(guildId);
          deleted++;
        } else {
          upsert.run(guildId, JSON.stringify(value), now);
          written++;
        }
      }
    });
    this.writeStats.flushes++;
    this.writeStats.rowsWritten += written;
    this.writeStats.rowsDeleted += deleted;
  }

  private readRow(guildId: string): GuildSettings {
    const row = this.stmts().select.get(guildId);
    return row ? this.parse(guildId, row.data) : DEFAULT_GUILD_SETTINGS;
  }

  private parse(guildId: string, data: unknown): GuildSettings {
    try {
      return settingsFromStored(JSON.parse(String(data)));
    } catch (err) {
      this.deps.logger.warn({ err, guildId }, "stored guild settings are unreadable; using defaults");
      return DEFAULT_GUILD_SETTINGS;
    }
  }

  private stmts(): Statements {
    if (!this.statements) throw new Error("settings store is not open");
    return this.statements;
  }
}
