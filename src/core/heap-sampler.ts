import { constants, PerformanceObserver } from "node:perf_hooks";
import { getHeapStatistics } from "node:v8";
import type { MemorySample } from "./memory-monitor.ts";

export interface HeapSampler {
  sample(): MemorySample;
  /** Stops watching collections. */
  stop(): void;
}

/**
 * Samples the process's memory for the memory monitor, with the heap in use right after the latest full (mark-sweep)
 * collection: the closest figure to what is still alive, without ever asking for a collection. It watches V8's
 * collections through a `gc` performance observer; until the first full one, `heapLive` is the heap in use.
 */
export function createHeapSampler(): HeapSampler {
  let fullCollections = 0;
  let liveAfterFull: number | null = null;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as { detail?: { kind?: number } }).detail?.kind;
      if (kind !== constants.NODE_PERFORMANCE_GC_MAJOR) continue;
      fullCollections++;
      // Read as the observer runs, moments after the collection: little has been allocated since.
      liveAfterFull = getHeapStatistics().used_heap_size;
    }
  });
  observer.observe({ entryTypes: ["gc"] });
  return {
    sample() {
      const usage = process.memoryUsage();
      return { rss: usage.rss, heapUsed: usage.heapUsed, heapLive: liveAfterFull ?? usage.heapUsed, fullCollections };
    },
    stop: () => observer.disconnect(),
  };
}
