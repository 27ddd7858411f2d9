import { describe, expect, it } from "vitest";
import { KeyedRateLimiter } from "../../../src/core/rate-limiter.ts";
import { FakeClock } from "../../helpers/fake-clock.ts";

describe("KeyedRateLimiter", () => {
  it("works as a cooldown with capacity 1", () => {
    const clock = new FakeClock();
    const limiter = new KeyedRateLimiter({ capacity: 1, refillIntervalMs: 3000 }, clock);
    expect(limiter.take("u1")).toEqual({ ok: true });
    clock.advance(1000);
    expect(limiter.take("u1")).toEqual({ ok: false, retryAfterMs: 2000 });
    expect(limiter.take("u2")).toEqual({ ok: true });
    clock.advance(2000);
    expect(limiter.take("u1")).toEqual({ ok: true });
  });

  it("allows a burst up to capacity, then one take per refill interval", () => {
    const clock = new FakeClock();
    const limiter = new KeyedRateLimiter({ capacity: 3, refillIntervalMs: 1000 }, clock);
    const burst = [1, 2, 3, 4].map(() => limiter.take("k").ok);
    expect(burst).toEqual([true, true, true, false]);
    clock.advance(500);
    expect(limiter.take("k")).toEqual({ ok: false, retryAfterMs: 500 });
    clock.advance(500);
    expect(limiter.take("k").ok).toBe(true);
    expect(limiter.take("k").ok).toBe(false);
  });

  it("never banks more than capacity", () => {
    const clock = new FakeClock();
    const limiter = new KeyedRateLimiter({ capacity: 2, refillIntervalMs: 100 }, clock);
    limiter.take("k");
    clock.advance(1_000_000);
    expect([1, 2, 3].map(() => limiter.take("k").ok)).toEqual([true, true, false]);
  });

  it("forgets a key once its bucket is full again", () => {
    const clock = new FakeClock();
    const limiter = new KeyedRateLimiter({ capacity: 2, refillIntervalMs: 1000 }, clock);
    limiter.take("k");
    limiter.take("k");
    expect(limiter.size()).toBe(1);
    clock.advance(2001);
    limiter.take("other");
    // Expired entries are dropped when looked up; size() may count them until then.
    expect(limiter.take("k")).toEqual({ ok: true });
    expect(limiter.size()).toBe(2);
  });

  it("caps the number of tracked keys", () => {
    const clock = new FakeClock();
    const limiter = new KeyedRateLimiter({ capacity: 1, refillIntervalMs: 60_000, maxKeys: 3 }, clock);
    for (const k of ["a", "b", "c", "d"]) limiter.take(k);
    expect(limiter.size()).toBe(3);
    // "a" was evicted, so it gets a fresh bucket.
    expect(limiter.take("a").ok).toBe(true);
    expect(limiter.take("d").ok).toBe(false);
  });

  it("reset waives a key's cooldown", () => {
    const clock = new FakeClock();
    const limiter = new KeyedRateLimiter({ capacity: 1, refillIntervalMs: 60_000 }, clock);
    limiter.take("k");
    limiter.reset("k");
    expect(limiter.take("k").ok).toBe(true);
  });

  it.each([
    { capacity: 0, refillIntervalMs: 10 },
    { capacity: 1.5, refillIntervalMs: 10 },
    { capacity: 1, refillIntervalMs: 0 },
  ])("rejects %o", (opts) => {
    expect(() => new KeyedRateLimiter(opts, new FakeClock())).toThrow(RangeError);
  });
});
