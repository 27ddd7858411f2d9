import type { Clock } from "../core/clock.ts";
import { KeyedRateLimiter } from "../core/rate-limiter.ts";

/** Per user and command cooldowns: one capacity-1 token bucket per distinct cooldown length (bounded keys). */
export class Cooldowns {
  private readonly limiters = new Map<number, KeyedRateLimiter>();
  private readonly clock: Clock;
  private readonly maxKeys: number;

  constructor(clock: Clock, maxKeys = 5000) {
    this.clock = clock;
    this.maxKeys = maxKeys;
  }

  /** Returns 0 and starts the cooldown when allowed, else the milliseconds left. */
  take(key: string, cooldownMs: number): number {
    if (cooldownMs <= 0) return 0;
    let limiter = this.limiters.get(cooldownMs);
    if (!limiter) {
      limiter = new KeyedRateLimiter({ capacity: 1, refillIntervalMs: cooldownMs, maxKeys: this.maxKeys }, this.clock);
      this.limiters.set(cooldownMs, limiter);
    }
    const result = limiter.take(key);
    return result.ok ? 0 : result.retryAfterMs;
  }
}
