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
});
