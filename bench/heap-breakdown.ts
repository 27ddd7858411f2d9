/** A heap snapshot of a running bot (Node's --heapsnapshot-signal), summarised as retained-by-type self sizes. */
import { forEachHeapNode, takeHeapSnapshot } from "./heap-snapshot.ts";
import type { Bot } from "./lib.ts";
import { progress } from "./lib.ts";

export interface HeapBreakdown {
  byType: { type: string; mb: number; count: number }[];
  /** Strings held more than once with the same text: the copies beyond the first, by text (first 60 characters). */
  duplicateStrings: { text: string; copies: number; extraMb: number }[];
  duplicateStringsMb: number;
}

/** Sends SIGUSR2, waits for the snapshot file, and sums self sizes by constructor (objects) or node type. */
export async function writeHeapBreakdown(bot: Bot, top = 15): Promise<HeapBreakdown | undefined> {
  progress("heap snapshot: writing");
  const snap = await takeHeapSnapshot(bot);
  if (!snap) return undefined;
  progress("heap snapshot: summarising");
  const sums = new Map<string, { bytes: number; count: number }>();
  const strings = new Map<number, { bytes: number; count: number }>();
  forEachHeapNode(snap, ({ type, key, nameIndex, selfSize }) => {
    if (type === "string") {
      const s = strings.get(nameIndex) ?? { bytes: 0, count: 0 };
      s.bytes = selfSize;
      s.count += 1;
      strings.set(nameIndex, s);
    }
    const entry = sums.get(key) ?? { bytes: 0, count: 0 };
    entry.bytes += selfSize;
    entry.count += 1;
    sums.set(key, entry);
  });
  const all = [...sums.values()].reduce((acc, v) => ({ bytes: acc.bytes + v.bytes, count: acc.count + v.count }), {
    bytes: 0,
    count: 0,
  });
  const toMb = (bytes: number) => Math.round((bytes / 2 ** 20) * 100) / 100;
  const dups = [...strings.entries()]
    .filter(([, v]) => v.count > 1)
    .map(([at, v]) => ({
      text: (snap.strings[at] ?? "").slice(0, 60),
      copies: v.count,
      extra: v.bytes * (v.count - 1),
    }))
    .sort((a, b) => b.extra - a.extra);
  return {
    byType: [
      ["(all live objects)", all] as const,
      ...[...sums.entries()].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, top),
    ].map(([type, v]) => ({ type, mb: Math.round((v.bytes / 2 ** 20) * 10) / 10, count: v.count })),
    duplicateStrings: dups.slice(0, top).map((d) => ({ text: d.text, copies: d.copies, extraMb: toMb(d.extra) })),
    duplicateStringsMb: toMb(dups.reduce((a, d) => a + d.extra, 0)),
  };
}
