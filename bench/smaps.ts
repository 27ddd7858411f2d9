/**
 * Where a process's resident memory sits, from /proc/<pid>/smaps: file-backed (the node binary with its built-in
 * ICU data, shared libraries, other files) and anonymous (glibc's main heap, malloc's per-thread arenas, thread
 * stacks, the rest: V8's heap pages and everything else mapped anonymously).
 *
 * glibc creates each extra malloc arena as one 64 MiB-aligned reservation, the part in use read-write and the rest
 * inaccessible; a read-write anonymous mapping at a 64 MiB boundary followed by an inaccessible one, the two 64 MiB
 * together, is counted as an arena. Thread stacks are read-write mappings right after a one-page guard. Both are
 * heuristics on the layout, named as such in the results.
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";

export interface MemoryMap {
  /** Resident, MB, by where it is mapped from. */
  nodeBinary: number;
  sharedLibraries: number;
  otherFiles: number;
  mainHeap: number;
  mallocArenas: number;
  /** How many malloc arenas glibc created. */
  arenaCount: number;
  threadStacks: number;
  otherAnonymous: number;
  total: number;
  /**
   * Of the total, pages the process gave back with madvise(MADV_FREE) (V8 releases its heap pages this way): still
   * counted in RSS, reclaimed by the kernel as soon as memory is short (smaps "LazyFree").
   */
  lazyFree: number;
}

interface Mapping {
  start: number;
  end: number;
  perms: string;
  path: string;
  rssKb: number;
  lazyFreeKb: number;
}

const ARENA = 64 * 2 ** 20;

function parse(text: string): Mapping[] {
  const maps: Mapping[] = [];
  for (const line of text.split("\n")) {
    const head = line.match(/^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \d+\s*(.*)$/);
    if (head) {
      maps.push({
        start: Number.parseInt(head[1] as string, 16),
        end: Number.parseInt(head[2] as string, 16),
        perms: head[3] as string,
        path: (head[4] ?? "").trim(),
        rssKb: 0,
        lazyFreeKb: 0,
      });
      continue;
    }
    const rss = line.match(/^Rss:\s+(\d+) kB/);
    const last = maps[maps.length - 1];
    if (rss && last) last.rssKb = Number(rss[1]);
    const lazy = line.match(/^LazyFree:\s+(\d+) kB/);
    if (lazy && last) last.lazyFreeKb = Number(lazy[1]);
  }
  return maps;
}

/** Reads /proc/<pid>/smaps and sums resident memory by kind (MB, one decimal). */
export function memoryMap(pid: number, nodeBinary = process.execPath): MemoryMap {
  const maps = parse(readFileSync(`/proc/${pid}/smaps`, "utf8"));
  const kb = {
    nodeBinary: 0,
    sharedLibraries: 0,
    otherFiles: 0,
    mainHeap: 0,
    mallocArenas: 0,
    threadStacks: 0,
    otherAnonymous: 0,
  };
  let arenaCount = 0;
  let lazyFreeKb = 0;
  for (let i = 0; i < maps.length; i++) {
    const m = maps[i] as Mapping;
    const next = maps[i + 1];
    const prev = maps[i - 1];
    lazyFreeKb += m.lazyFreeKb;
    if (m.path === "[heap]") kb.mainHeap += m.rssKb;
    else if (m.path === "[stack]") kb.threadStacks += m.rssKb;
    else if (m.path.startsWith("/")) {
      if (m.path === nodeBinary || basename(m.path) === "node") kb.nodeBinary += m.rssKb;
      else if (/\.so(\.|$)/.test(basename(m.path))) kb.sharedLibraries += m.rssKb;
      else kb.otherFiles += m.rssKb;
    } else if (m.path === "" || m.path.startsWith("[anon")) {
      const arena =
        m.perms.startsWith("rw") &&
        m.start % ARENA === 0 &&
        next !== undefined &&
        next.start === m.end &&
        next.perms.startsWith("---") &&
        next.end - m.start === ARENA;
      const fullArena = m.perms.startsWith("rw") && m.start % ARENA === 0 && m.end - m.start === ARENA;
      const stack =
        m.perms.startsWith("rw") &&
        prev !== undefined &&
        prev.end === m.start &&
        prev.perms.startsWith("---") &&
        prev.end - prev.start === 4096;
      if (arena || fullArena) {
        kb.mallocArenas += m.rssKb;
        arenaCount++;
      } else if (stack) kb.threadStacks += m.rssKb;
      else kb.otherAnonymous += m.rssKb;
    } else kb.otherAnonymous += m.rssKb;
  }
  const toMb = (k: number) => Math.round((k / 1024) * 10) / 10;
  const total = Object.values(kb).reduce((a, b) => a + b, 0);
  return {
    nodeBinary: toMb(kb.nodeBinary),
    sharedLibraries: toMb(kb.sharedLibraries),
    otherFiles: toMb(kb.otherFiles),
    mainHeap: toMb(kb.mainHeap),
    mallocArenas: toMb(kb.mallocArenas),
    arenaCount,
    threadStacks: toMb(kb.threadStacks),
    otherAnonymous: toMb(kb.otherAnonymous),
    total: toMb(total),
    lazyFree: toMb(lazyFreeKb),
  };
}
