import { describe, expect, it } from "vitest";
import { CacheRegistry, createCache } from "../../../src/core/cache.ts";
import { createLogger } from "../../../src/core/logger.ts";
import { type MemoryLevel, MemoryMonitor, type MemorySample } from "../../../src/core/memory-monitor.ts";
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
    use: (rssMb: number, heapMb = 1) => {
      sample = { rss: rssMb * MB, heapUsed: heapMb * MB };
    },
  };
}

describe("MemoryMonitor.check", () => {
  it.each<[number, number, MemoryLevel]>([
    [10, 5, "ok"],
    [79, 5, "ok"],
    [80, 5, "soft"],
    [94, 5, "soft"],
    [95, 5, "hard"],
    [120, 5, "hard"],
    [10, 85, "soft"], // heapUsed counts too
  ])("rss %d MB, heap %d MB → %s", (rss, heap, level) => {
    const t = setup();
    t.use(rss, heap);
    expect(t.monitor.check()).toBe(level);
    expect(t.monitor.level).toBe(level);
    expect(t.monitor.lastSample).toEqual({ rss: rss * MB, heapUsed: heap * MB });
  });

  it("soft-sweeps once on entering soft, not on every check while it stays there", () => {
    const t = setup();
    t.fill(100);
    t.use(85);
    t.monitor.check();
    expect(t.cache.size()).toBe(50);
    t.monitor.check();
    t.monitor.check();
    expect(t.cache.size()).toBe(50);
  });

  it("hard-sweeps on every check at hard", () => {
    const t = setup();
    t.fill(100);
    t.use(99);
    t.monitor.check();
    expect(t.cache.size()).toBe(0);
    t.fill(10);
    t.monitor.check();
    expect(t.cache.size()).toBe(0);
  });

  it("does not sweep when memory is fine", () => {
    const t = setup();
    t.fill(100);
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
