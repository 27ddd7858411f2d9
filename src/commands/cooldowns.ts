import { LRUCache } from "lru-cache";
import type { Clock } from "../core/clock.ts";

/** Per user and command cooldowns, bounded in memory (old entries expire or are evicted). */
export class Cooldowns {
  private readonly until: LRUCache<string, number>;
  private readonly clock: Clock;

  constructor(clock: Clock, maxEntries = 5000) {
    this.clock = clock;
    this.until = new LRUCache<string, number>({ max: maxEntries });
  }

  /** Returns 0 and starts the cooldown when allowed, else the milliseconds left. */
  take(key: string, cooldownMs: number): number {
    if (cooldownMs <= 0) return 0;
    const now = this.clock.now();
    const until = this.until.get(key);
    if (until !== undefined && until > now) return until - now;
    this.until.set(key, now + cooldownMs);
    return 0;
  }
}
