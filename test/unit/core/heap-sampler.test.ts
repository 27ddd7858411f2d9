import { describe, expect, it } from "vitest";
import { createHeapSampler } from "../../../src/core/heap-sampler.ts";

describe("createHeapSampler", () => {
  it("reads RSS, heap in use and a live-heap figure no larger than the heap V8 holds", () => {
    const heap = createHeapSampler();
    try {
      const s = heap.sample();
      expect(s.rss).toBeGreaterThan(0);
      expect(s.heapUsed).toBeGreaterThan(0);
      expect(s.heapLive).toBeGreaterThan(0);
      expect(s.heapLive).toBeLessThanOrEqual(s.rss);
      expect(s.heapAfterGc).toBeGreaterThan(0);
      expect(s.heapAfterGc).toBeLessThanOrEqual(s.rss);
      expect(s.fullCollections).toBeGreaterThanOrEqual(0);
    } finally {
      heap.stop();
    }
  });

  it("counts full collections as V8 runs them, without asking for any", async () => {
    const heap = createHeapSampler();
    try {
      const before = heap.sample().fullCollections ?? 0;
      // Allocate until V8 has run a full collection on its own (bounded: a few hundred MB of short-lived arrays).
      let keep: number[][] = [];
      for (let round = 0; round < 400 && (heap.sample().fullCollections ?? 0) === before; round++) {
        keep.push(Array.from({ length: 100_000 }, (_, i) => i));
        if (keep.length > 40) keep = [];
        await new Promise((r) => setImmediate(r));
      }
      expect(heap.sample().fullCollections).toBeGreaterThan(before);
    } finally {
      heap.stop();
    }
  });

  it("reads the heap after young collections too, between full ones, without asking for any", async () => {
    const heap = createHeapSampler();
    try {
      // Readings taken after a collection (not the heap in use at the sample), grouped by full collections so far.
      const readings = new Map<number, Set<number>>();
      const most = () => Math.max(0, ...[...readings.values()].map((r) => r.size));
      const keep: number[][] = [];
      // Bounded: at most 400 rounds of about 1 MB of short-lived arrays, a little of it kept alive.
      for (let round = 0; round < 400 && most() < 3; round++) {
        const garbage = Array.from({ length: 100 }, () => Array.from({ length: 1000 }, (_, j) => j));
        keep.push(garbage[round % 100] ?? []);
        await new Promise((r) => setImmediate(r));
        const s = heap.sample();
        if (s.heapAfterGc === s.heapUsed) continue;
        const full = s.fullCollections ?? 0;
        readings.set(full, (readings.get(full) ?? new Set()).add(s.heapAfterGc ?? 0));
      }
      expect(keep.length).toBeGreaterThan(0);
      // Some stretch without a full collection saw the figure move: young collections update it.
      expect(most()).toBeGreaterThanOrEqual(3);
    } finally {
      heap.stop();
    }
  });
});
