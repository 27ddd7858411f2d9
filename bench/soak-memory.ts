/** What the soak samples of a bot's memory: RSS and its kinds from /proc, V8's heap spaces from Encore's /metrics. */
import { readFileSync } from "node:fs";
import { mb, rssOf } from "./lib.ts";

export async function metricsText(httpPort: number): Promise<string> {
  if (!httpPort) return "";
  try {
    return await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text();
  } catch {
    return "";
  }
}

export function metricIn(text: string, name: string): number | null {
  const line = text.split("\n").find((l) => l.startsWith(name));
  return line ? Number(line.split(" ").at(-1)) : null;
}

/** Resident anonymous and file-backed memory of a process (kB lines of /proc/<pid>/smaps_rollup), in bytes. */
function residentKinds(pid: number): { anon: number; file: number; lazyFree: number } {
  const text = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
  const kb = (key: string) => Number(text.match(new RegExp(`^${key}:\\s+(\\d+)`, "m"))?.[1] ?? 0) * 1024;
  return { anon: kb("Anonymous"), file: kb("Rss") - kb("Anonymous"), lazyFree: kb("LazyFree") };
}

/** One sample of a bot's memory; the heap figures are null for a bot without Encore's /metrics. */
export interface MemorySample {
  commands: number;
  rssMb: number;
  /** JS heap in use after the latest full collection (Encore's encore_memory_heap_live_bytes). */
  heapLiveMb: number | null;
  heapUsedMb: number | null;
  /** V8 heap committed, all spaces, and of it the young generation (new space). */
  heapCommittedMb: number | null;
  youngCommittedMb: number | null;
  externalMb: number | null;
  /**
   * RSS minus the committed V8 heap minus external memory: native memory (malloc, code, libraries) and pages V8
   * gave up after a full collection but keeps in its page pool for reuse.
   */
  outsideHeapMb: number | null;
  anonMb: number;
  fileMb: number;
  /** Pages freed with MADV_FREE: still counted in RSS until the kernel needs the memory. */
  lazyFreeMb: number;
}

export async function sampleMemory(pid: number, httpPort: number, commands: number): Promise<MemorySample> {
  const text = await metricsText(httpPort);
  const rss = rssOf(pid);
  const kinds = residentKinds(pid);
  const m = (name: string) => metricIn(text, name);
  const committed = text
    .split("\n")
    .filter((l) => l.startsWith("nodejs_heap_space_size_total_bytes{"))
    .reduce((sum, l) => sum + Number(l.split(" ").at(-1)), 0);
  const external = m("nodejs_external_memory_bytes");
  const opt = (x: number | null) => (x === null ? null : mb(x));
  return {
    commands,
    rssMb: mb(rss),
    heapLiveMb: opt(m("encore_memory_heap_live_bytes")),
    heapUsedMb: opt(m("nodejs_heap_size_used_bytes")),
    heapCommittedMb: text ? mb(committed) : null,
    youngCommittedMb: opt(m('nodejs_heap_space_size_total_bytes{space="new"}')),
    externalMb: opt(external),
    outsideHeapMb: text ? mb(rss - committed - (external ?? 0)) : null,
    anonMb: mb(kinds.anon),
    fileMb: mb(kinds.file),
    lazyFreeMb: mb(kinds.lazyFree),
  };
}
