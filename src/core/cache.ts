import { LRUCache } from "lru-cache";
import { type Clock, systemClock } from "./clock.ts";

export type SweepLevel = "soft" | "hard";

export interface CacheStats {
  hits: number;
  misses: number;
  size: number;
}

/** A cache the memory monitor can shrink under pressure. */
export interface SweepableCache {
  readonly name: string;
  size(): number;
  /** "soft": drop stale entries and the least recently used half; "hard": drop everything. Returns entries removed. */
  sweep(level: SweepLevel): number;
  /**
   * Drops stale entries, then the least recently used `fraction` (0–1) of the rest, at least one when any remain
   * and `fraction` > 0; 1 empties the cache. Returns entries removed.
   */
  trim(fraction: number): number;
  stats(): CacheStats;
}

/** The set of caches one app owns; the memory monitor sweeps them all at once. */
export class CacheRegistry {
  private readonly caches: Map<string, SweepableCache>;

  constructor() {
    this.caches = new Map();
  }

  /** @throws Error when a cache with the same name is already registered (names label metrics). */
  register(cache: SweepableCache): void {
    if (this.caches.has(cache.name)) throw new Error(`cache "${cache.name}" is already registered`);
    this.caches.set(cache.name, cache);
  }

  unregister(name: string): boolean {
    return this.caches.delete(name);
  }

  list(): SweepableCache[] {
    return [...this.caches.values()];
  }

  /** Trims every registered cache by `fraction` (see {@link SweepableCache.trim}); returns entries removed. */
  trimAll(fraction: number): number {
    let removed = 0;
    for (const cache of this.caches.values()) removed += cache.trim(fraction);
    return removed;
  }

  /** Sweeps every registered cache; returns the total number of entries removed. */
  sweepAll(level: SweepLevel): number {
    let removed = 0;
    for (const cache of this.caches.values()) removed += cache.sweep(level);
    return removed;
  }
}

export interface CacheOptions {
  /** Unique name, used in metrics and logs. */
  name: string;
  /** Maximum number of entries; the least recently used entry is evicted beyond it. */
  max: number;
  /** Time to live of an entry in milliseconds, counted from its last `set`. Must be > 0. */
  ttlMs: number;
}

/**
 * An LRU cache with a bounded size and per-entry TTL, measured with the injected {@link Clock}.
 * Expired entries read as missing; they are removed on read and on sweep.
 */
export class TtlCache<K extends {}, V extends {}> implements SweepableCache {
  readonly name: string;
  private readonly lru: LRUCache<K, V>;
  private hits: number;
  private misses: number;

  constructor(opts: CacheOptions, clock: Clock = systemClock) {
    if (!Number.isInteger(opts.max) || opts.max < 1) throw new RangeError(`cache "${opts.name}": max must be >= 1`);
    if (!Number.isInteger(opts.ttlMs) || opts.ttlMs < 1) {
      throw new RangeError(`cache "${opts.name}": ttlMs must be a positive integer`);
    }
    this.name = opts.name;
    this.hits = 0;
    this.misses = 0;
    this.lru = new LRUCache<K, V>({
      max: opts.max,
      ttl: opts.ttlMs,
      // lru-cache would otherwise memoise now() with a real timer, which a fake clock cannot advance.
      ttlResolution: 0,
      // lru-cache treats an entry start time of 0 as "no TTL"; the offset keeps a clock at 0 from disabling expiry.
      perf: { now: () => clock.now() + 1 },
    });
  }

  /** Returns the live value and marks it recently used; counts a hit or a miss. */
  get(key: K): V | undefined {
    const value = this.lru.get(key);
    if (value === undefined) this.misses++;
    else this.hits++;
    return value;
  }

  /** Whether a live entry exists; does not touch recency or stats. */
  has(key: K): boolean {
    return this.lru.has(key);
  }

  /** Stores `value`; `ttlMs` overrides the cache's TTL for this entry. */
  set(key: K, value: V, opts?: { ttlMs?: number }): void {
    if (opts?.ttlMs !== undefined) this.lru.set(key, value, { ttl: opts.ttlMs });
    else this.lru.set(key, value);
  }

  delete(key: K): boolean {
    return this.lru.delete(key);
  }

  clear(): void {
    this.lru.clear();
  }

  /** Entries held, including expired ones not yet removed. */
  size(): number {
    return this.lru.size;
  }

  sweep(level: SweepLevel): number {
    if (level === "hard") return this.trim(1);
    const before = this.lru.size;
    this.lru.purgeStale();
    return before - this.lru.size + this.dropOldest(Math.floor(this.lru.size / 2));
  }

  trim(fraction: number): number {
    const before = this.lru.size;
    if (fraction >= 1) {
      this.lru.clear();
      return before;
    }
    this.lru.purgeStale();
    const stale = before - this.lru.size;
    if (!(fraction > 0)) return stale;
    return stale + this.dropOldest(Math.max(1, Math.ceil(this.lru.size * fraction)));
  }

  /** Deletes up to `toDrop` least recently used entries; returns how many went. */
  private dropOldest(toDrop: number): number {
    const before = this.lru.size;
    if (toDrop > 0) {
      const victims: K[] = [];
      for (const key of this.lru.rkeys()) {
        victims.push(key);
        if (victims.length === toDrop) break;
      }
      for (const key of victims) this.lru.delete(key);
    }
    return before - this.lru.size;
  }

  stats(): CacheStats {
    return { hits: this.hits, misses: this.misses, size: this.lru.size };
  }
}

/** Creates a {@link TtlCache} and registers it so the memory monitor can sweep it. */
export function createCache<K extends {}, V extends {}>(
  registry: CacheRegistry,
  opts: CacheOptions,
  clock?: Clock,
): TtlCache<K, V> {
  const cache = new TtlCache<K, V>(opts, clock);
  registry.register(cache);
  return cache;
}
