import { describe, expect, it } from "vitest";
import { CacheRegistry, createCache, type SweepableCache, TtlCache } from "../../../src/core/cache.ts";
import { FakeClock } from "../../helpers/fake-clock.ts";

function filled(clock: FakeClock, count: number, opts = { name: "t", max: 100, ttlMs: 1000 }) {
  const cache = new TtlCache<string, number>(opts, clock);
  for (let i = 0; i < count; i++) cache.set(`k${i}`, i);
  return cache;
}

describe("TtlCache", () => {
  it("returns stored values and counts hits and misses", () => {
    const cache = filled(new FakeClock(), 2);
    expect(cache.get("k0")).toBe(0);
    expect(cache.get("nope")).toBeUndefined();
    expect(cache.get("k1")).toBe(1);
    expect(cache.stats()).toEqual({ hits: 2, misses: 1, size: 2 });
  });

  it("expires entries after ttlMs on the injected clock", () => {
    const clock = new FakeClock();
    const cache = filled(clock, 1);
    clock.advance(1000);
    expect(cache.get("k0")).toBe(0);
    clock.advance(1);
    expect(cache.get("k0")).toBeUndefined();
    expect(cache.has("k0")).toBe(false);
  });

  it("expires entries even when the clock starts at 0", () => {
    const clock = new FakeClock(0);
    const cache = filled(clock, 1);
    clock.advance(1001);
    expect(cache.get("k0")).toBeUndefined();
  });

  it("honours a per-entry ttl", () => {
    const clock = new FakeClock();
    const cache = filled(clock, 0);
    cache.set("short", 1, { ttlMs: 10 });
    cache.set("long", 2);
    clock.advance(11);
    expect(cache.get("short")).toBeUndefined();
    expect(cache.get("long")).toBe(2);
  });

  it("evicts the least recently used entry beyond max", () => {
    const cache = filled(new FakeClock(), 3, { name: "t", max: 3, ttlMs: 1000 });
    cache.get("k0");
    cache.set("k3", 3);
    expect(cache.has("k1")).toBe(false);
    expect(cache.has("k0")).toBe(true);
    expect(cache.size()).toBe(3);
  });

  it("deletes and clears", () => {
    const cache = filled(new FakeClock(), 3);
    expect(cache.delete("k1")).toBe(true);
    expect(cache.delete("k1")).toBe(false);
    cache.clear();
    expect(cache.size()).toBe(0);
  });

  it("soft sweep purges stale entries, then drops the least recently used half", () => {
    const clock = new FakeClock();
    const cache = filled(clock, 2);
    clock.advance(600);
    for (let i = 2; i < 8; i++) cache.set(`k${i}`, i);
    clock.advance(500); // k0, k1 are now stale
    cache.get("k2"); // most recently used
    expect(cache.sweep("soft")).toBe(2 + 3);
    expect(cache.size()).toBe(3);
    expect(cache.has("k2")).toBe(true);
    expect(cache.has("k7")).toBe(true);
    expect(cache.has("k3")).toBe(false);
  });

  it("trim purges stale entries, then drops the least recently used fraction of the rest", () => {
    const clock = new FakeClock();
    const cache = filled(clock, 2);
    clock.advance(600);
    for (let i = 2; i < 12; i++) cache.set(`k${i}`, i);
    clock.advance(500); // k0, k1 are now stale
    cache.get("k2"); // most recently used
    expect(cache.trim(0.2)).toBe(2 + 2);
    expect(cache.size()).toBe(8);
    expect(cache.has("k2")).toBe(true);
    expect(cache.has("k3")).toBe(false);
    expect(cache.has("k4")).toBe(false);
    expect(cache.has("k5")).toBe(true);
  });

  it("trim drops at least one entry, nothing at 0 and everything at 1", () => {
    const cache = filled(new FakeClock(), 3);
    expect(cache.trim(0)).toBe(0);
    expect(cache.trim(0.01)).toBe(1);
    expect(cache.size()).toBe(2);
    expect(cache.trim(1)).toBe(2);
    expect(cache.trim(0.5)).toBe(0);
  });

  it("hard sweep clears everything", () => {
    const cache = filled(new FakeClock(), 5);
    expect(cache.sweep("hard")).toBe(5);
    expect(cache.size()).toBe(0);
  });

  it.each([
    { max: 0, ttlMs: 10 },
    { max: 10, ttlMs: 0 },
    { max: 1.5, ttlMs: 10 },
  ])("rejects invalid options %o", (opts) => {
    expect(() => new TtlCache({ name: "bad", ...opts })).toThrow(RangeError);
  });
});

describe("CacheRegistry", () => {
  it("createCache registers the cache, and sweepAll sums removals", () => {
    const clock = new FakeClock();
    const registry = new CacheRegistry();
    const a = createCache<string, number>(registry, { name: "a", max: 10, ttlMs: 1000 }, clock);
    const b = createCache<string, string>(registry, { name: "b", max: 10, ttlMs: 1000 }, clock);
    for (let i = 0; i < 4; i++) a.set(`${i}`, i);
    b.set("x", "y");
    expect(registry.list().map((c) => c.name)).toEqual(["a", "b"]);
    expect(registry.sweepAll("soft")).toBe(2);
    expect(registry.sweepAll("hard")).toBe(3);
    for (let i = 0; i < 4; i++) a.set(`${i}`, i);
    b.set("x", "y");
    expect(registry.trimAll(0.5)).toBe(2 + 1);
  });

  it("rejects duplicate names and can unregister", () => {
    const registry = new CacheRegistry();
    const fake: SweepableCache = {
      name: "x",
      size: () => 0,
      sweep: () => 0,
      trim: () => 0,
      stats: () => ({ hits: 0, misses: 0, size: 0 }),
    };
    registry.register(fake);
    expect(() => registry.register(fake)).toThrow(/already registered/);
    expect(registry.unregister("x")).toBe(true);
    expect(registry.list()).toEqual([]);
  });
});
