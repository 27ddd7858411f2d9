import { constants, PerformanceObserver } from "node:perf_hooks";
import { getHeapStatistics } from "node:v8";
import type { MemorySample } from "./memory-monitor.ts";

export interface HeapSampler {
  sample(): MemorySample;
  /** Stops watching collections. */
  stop(): void;
}

/**
 * Samples the process's memory for the memory monitor without ever asking for a collection. It watches V8's
 * collections through a `gc` performance observer and reads the heap in use right after each:
 * - `heapLive`, after the latest full (mark-sweep) collection: the closest figure to what is still alive, but it
 *   ages between full collections, which V8 runs rarely while the heap grows;
 * - `heapAfterGc`, after the latest collection of any kind: V8 collects the young generation every few MB
 *   allocated, so it stays fresh, and it counts everything still alive plus only the garbage already promoted.
 * Until the first collection both are the heap in use.
 */
export function createHeapSampler(): HeapSampler {
  let fullCollections = 0;
  let liveAfterFull: number | null = null;
  let afterAny: number | null = null;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      // Read as the observer runs, moments after the collection: little has been allocated since.
      afterAny = getHeapStatistics().used_heap_size;
      const kind = (entry as { detail?: { kind?: number } }).detail?.kind;
      if (kind !== constants.NODE_PERFORMANCE_GC_MAJOR) continue;
      fullCollections++;
      liveAfterFull = afterAny;
    }
  });
  observer.observe({ entryTypes: ["gc"] });
  return {
    sample() {
      const usage = process.memoryUsage();
      return {
        rss: usage.rss,
        heapUsed: usage.heapUsed,
        heapLive: liveAfterFull ?? usage.heapUsed,
        heapAfterGc: afterAny ?? usage.heapUsed,
        fullCollections,
      };
    },
    stop: () => observer.disconnect(),
  };
}
