import { describe, expect, it } from "vitest";
import { CacheRegistry, createCache } from "../../../src/core/cache.ts";
import { createLogger } from "../../../src/core/logger.ts";
import {
  judgedHeap,
  type MemoryLevel,
  MemoryMonitor,
  type MemorySample,
  TRIM_MAX,
  TRIM_MIN,
  trimFraction,
} from "../../../src/core/memory-monitor.ts";
import { FakeClock } from "../../helpers/fake-clock.ts";

const MB = 1024 * 1024;
const BUDGET = 100 * MB;

function setup(intervalMs = 1000) {
  const clock = new FakeClock();
  const caches = new CacheRegistry();
  const cache = createCache<number, number>(caches, { name: "search", max: 1000, ttlMs: 60_000 }, clock);
  const fill = (n: number) => {
    for (let i = 0; i < n; i++) cache.set(i, i);
  };
  const lines: Array<{ level: number; msg: string; from?: string; to?: string }> = [];
  const logger = createLogger({ level: "info", destination: { write: (l) => void lines.push(JSON.parse(l)) } });
  let sample: MemorySample = { rss: 10 * MB, heapUsed: 5 * MB };
  let sampled = 0;
  const sampler = () => {
    sampled++;
    return sample;
  };
  const monitor = new MemoryMonitor({ budgetBytes: BUDGET, intervalMs }, { sampler, clock, caches, logger });
  return {
    clock,
    cache,
    fill,
    lines,
    monitor,
    sampled: () => sampled,
    /** Heap used, and RSS (default: well above the heap, as in a real process). */
    use: (heapMb: number, rssMb = heapMb + 60) => {
      sample = { rss: rssMb * MB, heapUsed: heapMb * MB };
    },
    sample: (s: MemorySample) => {
      sample = s;
    },
  };
}

describe("trimFraction", () => {
  const opts = { softRatio: 0.8, hardRatio: 0.95 };
  it.each<[number, number]>([
    [0, 0],
    [0.79, 0],
    [0.8, TRIM_MIN],
    [0.875, (TRIM_MIN + TRIM_MAX) / 2],
    [0.9499, TRIM_MAX],
    [0.95, 1],
    [1.3, 1],
  ])("at %d of the budget drops %d of each cache", (ratio, fraction) => {
    expect(trimFraction(ratio, opts, false)).toBeCloseTo(fraction, 3);
  });

  it("waits in the soft band while the last trim cannot have shown yet, but not at the hard line", () => {
    expect(trimFraction(0.9, opts, true)).toBe(0);
    expect(trimFraction(0.96, opts, true)).toBe(1);
    expect(trimFraction(0.96, opts, false, false)).toBe(TRIM_MAX);
    expect(trimFraction(0.96, opts, true, false)).toBe(0);
  });

  it("soft and hard lines at the same ratio: the soft band is empty", () => {
    expect(trimFraction(0.7, { softRatio: 0.9, hardRatio: 0.9 }, false)).toBe(0);
    expect(trimFraction(0.9, { softRatio: 0.9, hardRatio: 0.9 }, false)).toBe(1);
  });
});

describe("MemoryMonitor.check", () => {
  it.each<[number, number, MemoryLevel]>([
    [5, 10, "ok"],
    [79, 85, "ok"],
    [80, 90, "soft"],
    [94, 150, "soft"],
    [95, 150, "hard"],
    [120, 180, "hard"],
    [5, 400, "ok"], // RSS far over the budget: nothing a cache holds, so no pressure
  ])("heap %d MB, rss %d MB → %s", (heap, rss, level) => {
    const t = setup();
    t.use(heap, rss);
    expect(t.monitor.check()).toBe(level);
    expect(t.monitor.level).toBe(level);
    expect(t.monitor.lastSample).toEqual({ rss: rss * MB, heapUsed: heap * MB });
  });

  it("leaves the caches alone when only RSS is over the budget", () => {
    const t = setup();
    t.fill(100);
    for (let i = 0; i < 5; i++) {
      t.use(30, 300);
      t.monitor.check();
    }
    expect(t.cache.size()).toBe(100);
  });

  it("trims a share that grows with the heap through the soft band, keeping the most recently used", () => {
    const t = setup();
    t.fill(1000);
    t.use(80);
    t.monitor.check();
    expect(t.cache.size()).toBe(900);
    expect(t.cache.has(999)).toBe(true);
    expect(t.cache.has(99)).toBe(false);
    t.use(87.5);
    t.monitor.check();
    expect(Math.abs(t.cache.size() - 0.7 * 900)).toBeLessThanOrEqual(1); // 30 % of 900, rounded up
  });

  it("keeps trimming while the heap keeps growing, and waits while it is below the last trim", () => {
    const t = setup();
    t.fill(1000);
    t.use(85);
    t.monitor.check();
    const afterFirst = t.cache.size();
    expect(afterFirst).toBeLessThan(1000);
    // Garbage not collected yet, or still growing: heap at or above the last trim → trim again.
    t.use(85);
    t.monitor.check();
    const afterSecond = t.cache.size();
    expect(afterSecond).toBeLessThan(afterFirst);
    // The trims show: heap lower than at the last trim → no more trimming while it stays there.
    t.use(82);
    t.monitor.check();
    t.use(84);
    t.monitor.check();
    expect(t.cache.size()).toBe(afterSecond);
    // Growing past the last trim again → trims again.
    t.use(86);
    t.monitor.check();
    expect(t.cache.size()).toBeLessThan(afterSecond);
  });

  it("judges the live heap (after the last full collection) when the sampler knows it, not garbage", () => {
    const t = setup();
    t.fill(100);
    t.sample({ heapUsed: 180 * MB, heapLive: 40 * MB, fullCollections: 3, rss: 260 * MB });
    expect(t.monitor.check()).toBe("ok");
    expect(t.cache.size()).toBe(100);
  });

  it("judges the heap after the latest collection of any kind over a stale live-heap reading", () => {
    // The last full collection saw 40 MB alive; young collections since show the caches grew to 90 MB.
    const s = { heapUsed: 99 * MB, heapLive: 40 * MB, heapAfterGc: 90 * MB, fullCollections: 3, rss: 200 * MB };
    expect(judgedHeap(s)).toBe(90 * MB);
    expect(judgedHeap({ heapUsed: 99 * MB, heapLive: 40 * MB, rss: 200 * MB })).toBe(40 * MB);
    expect(judgedHeap({ heapUsed: 99 * MB, rss: 200 * MB })).toBe(99 * MB);
    const t = setup();
    t.fill(1000);
    t.sample(s);
    expect(t.monitor.check()).toBe("soft");
    expect(t.cache.size()).toBeLessThan(1000);
  });

  it("over the hard line on the heap after a young collection alone: trims the most, once per full collection", () => {
    const t = setup();
    t.fill(100);
    t.sample({ heapUsed: 99 * MB, heapLive: 50 * MB, heapAfterGc: 96 * MB, fullCollections: 2, rss: 200 * MB });
    expect(t.monitor.check()).toBe("hard");
    expect(t.cache.size()).toBe(100 - Math.ceil(100 * TRIM_MAX));
    t.sample({ heapUsed: 99 * MB, heapLive: 50 * MB, heapAfterGc: 98 * MB, fullCollections: 2, rss: 200 * MB });
    t.monitor.check();
    expect(t.cache.size()).toBe(100 - Math.ceil(100 * TRIM_MAX));
  });

  it("empties the caches when the live heap itself reaches the hard line", () => {
    const t = setup();
    t.fill(100);
    t.sample({ heapUsed: 99 * MB, heapLive: 96 * MB, heapAfterGc: 97 * MB, fullCollections: 2, rss: 200 * MB });
    expect(t.monitor.check()).toBe("hard");
    expect(t.cache.size()).toBe(0);
  });

  it("ignores young garbage: heap in use over the budget, the heap after the latest collection under it", () => {
    const t = setup();
    t.fill(100);
    t.sample({ heapUsed: 140 * MB, heapLive: 50 * MB, heapAfterGc: 60 * MB, fullCollections: 2, rss: 250 * MB });
    expect(t.monitor.check()).toBe("ok");
    expect(t.cache.size()).toBe(100);
  });

  it("with collections counted, trims again only after a full collection since the last trim", () => {
    const t = setup();
    t.fill(1000);
    t.sample({ heapUsed: 95 * MB, heapLive: 85 * MB, fullCollections: 1, rss: 150 * MB });
    t.monitor.check();
    const afterFirst = t.cache.size();
    expect(afterFirst).toBeLessThan(1000);
    // Same reading, no collection since: the trim cannot show yet.
    t.sample({ heapUsed: 99 * MB, heapLive: 85 * MB, fullCollections: 1, rss: 150 * MB });
    t.monitor.check();
    expect(t.cache.size()).toBe(afterFirst);
    // A full collection happened and the live heap is still in the soft band: trim again.
    t.sample({ heapUsed: 90 * MB, heapLive: 83 * MB, fullCollections: 2, rss: 150 * MB });
    t.monitor.check();
    expect(t.cache.size()).toBeLessThan(afterFirst);
  });

  it("a flood against the budget keeps a useful cache instead of emptying it", () => {
    const t = setup();
    // 20 new entries per check, the heap climbing into the soft band and held there by the trims.
    let heap = 60;
    for (let i = 0; i < 40; i++) {
      for (let k = 0; k < 20; k++) t.cache.set(1000 + i * 20 + k, k);
      heap = Math.min(90, heap + 2);
      t.use(heap);
      t.monitor.check();
    }
    expect(t.monitor.level).toBe("soft");
    expect(t.cache.size()).toBeGreaterThan(0);
    expect(t.cache.has(1000 + 39 * 20 + 19)).toBe(true);
  });

  it("empties the caches on every check at the hard line", () => {
    const t = setup();
    t.fill(100);
    t.use(99);
    t.monitor.check();
    expect(t.cache.size()).toBe(0);
    t.fill(10);
    t.monitor.check();
    expect(t.cache.size()).toBe(0);
  });

  it("does not trim when the heap is fine", () => {
    const t = setup();
    t.fill(100);
    t.use(50);
    t.monitor.check();
    expect(t.cache.size()).toBe(100);
  });

  it("logs once per crossing: warn going up, info coming down", () => {
    const t = setup();
    for (const mb of [10, 85, 86, 87, 97, 98, 85, 20, 21]) {
      t.use(mb);
      t.monitor.check();
    }
    expect(t.lines.map((l) => [l.level, l.from, l.to])).toEqual([
      [40, "ok", "soft"],
      [40, "soft", "hard"],
      [30, "hard", "soft"],
      [30, "soft", "ok"],
    ]);
  });
});

describe("MemoryMonitor timer", () => {
  it("checks on an unref'd interval until stopped", () => {
    const t = setup(1000);
    t.monitor.start();
    t.monitor.start();
    expect(t.clock.pending()).toBe(1);
    expect(t.clock.pendingRefed()).toBe(0);
    t.clock.advance(3000);
    expect(t.sampled()).toBe(3);
    t.monitor.stop();
    t.clock.advance(3000);
    expect(t.sampled()).toBe(3);
    expect(t.clock.pending()).toBe(0);
  });

  it("logs a failing sampler instead of throwing from the timer", () => {
    const clock = new FakeClock();
    const lines: Array<{ level: number; msg: string }> = [];
    const logger = createLogger({ level: "info", destination: { write: (l) => void lines.push(JSON.parse(l)) } });
    const sampler = () => {
      throw new Error("no /proc");
    };
    const monitor = new MemoryMonitor(
      { budgetBytes: BUDGET, intervalMs: 10 },
      { sampler, clock, caches: new CacheRegistry(), logger },
    );
    monitor.start();
    expect(() => clock.advance(10)).not.toThrow();
    expect(lines[0]).toMatchObject({ level: 50, msg: "memory check failed" });
    monitor.stop();
  });

  it.each([
    { budgetBytes: 0 },
    { budgetBytes: BUDGET, softRatio: 0.9, hardRatio: 0.8 },
    { budgetBytes: BUDGET, softRatio: 0 },
    { budgetBytes: BUDGET, intervalMs: 0 },
  ])("rejects invalid options %o", (opts) => {
    const deps = {
      sampler: () => ({ rss: 0, heapUsed: 0 }),
      clock: new FakeClock(),
      caches: new CacheRegistry(),
      logger: createLogger({ level: "silent", destination: { write: () => {} } }),
    };
    expect(() => new MemoryMonitor(opts, deps)).toThrow(RangeError);
  });
});
