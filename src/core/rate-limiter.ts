import { LRUCache } from "lru-cache";
import { type Clock, systemClock } from "./clock.ts";

export interface RateLimiterOptions {
  /** Burst size: how many takes a fresh key allows back to back. 1 makes a plain cooldown. */
  capacity: number;
  /** Milliseconds to regain one token. With capacity 1 this is the cooldown. */
  refillIntervalMs: number;
  /** Most keys tracked at once; beyond it the least recently used key is forgotten (a fresh bucket). Default 10000. */
  maxKeys?: number;
}

export type TakeResult = { ok: true } | { ok: false; retryAfterMs: number };

/**
 * Per-key token bucket, for command cooldowns and per-user rate limits. Memory is bounded: a key is forgotten once
 * its bucket would be full again (it is then indistinguishable from a new key), and at most `maxKeys` are kept.
 *
 * Each key stores one number, the time at which its bucket will be full again (the generic cell rate algorithm),
 * so whole-millisecond clocks give exact, integer retry times.
 */
export class KeyedRateLimiter {
  private readonly capacity: number;
  private readonly refillIntervalMs: number;
  private readonly clock: Clock;
  private readonly buckets: LRUCache<string, number>;

  constructor(opts: RateLimiterOptions, clock: Clock = systemClock) {
    if (!Number.isInteger(opts.capacity) || opts.capacity < 1) throw new RangeError("capacity must be an integer >= 1");
    if (!(opts.refillIntervalMs > 0)) throw new RangeError("refillIntervalMs must be > 0");
    this.capacity = opts.capacity;
    this.refillIntervalMs = opts.refillIntervalMs;
    this.clock = clock;
    this.buckets = new LRUCache<string, number>({
      max: opts.maxKeys ?? 10_000,
      // Per-entry TTLs are set on each write; ttlResolution 0 and perf keep expiry on the injected clock.
      ttlResolution: 0,
      perf: { now: () => clock.now() + 1 },
    });
  }

  /** Spends one token for `key` if one is available; otherwise says how long until one is (ms, rounded up). */
  take(key: string): TakeResult {
    const now = this.clock.now();
    const fullAt = Math.max(now, this.buckets.get(key) ?? now);
    // Taking one token is allowed while the bucket still holds at least one, i.e. it is at most capacity-1
    // refills away from full.
    const wait = fullAt - now - (this.capacity - 1) * this.refillIntervalMs;
    if (wait > 0) return { ok: false, retryAfterMs: Math.ceil(wait) };
    const nextFullAt = fullAt + this.refillIntervalMs;
    this.buckets.set(key, nextFullAt, { ttl: Math.max(1, Math.ceil(nextFullAt - now)) });
    return { ok: true };
  }

  /** Forgets `key`, e.g. to waive a cooldown. */
  reset(key: string): void {
    this.buckets.delete(key);
  }

  /** Keys currently tracked (for tests and metrics). */
  size(): number {
    return this.buckets.size;
  }
}
