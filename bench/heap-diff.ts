/** Heap snapshots of a running bot (Node's --heapsnapshot-signal) counted by constructor, and the change between two. */

import { forEachHeapNode, takeHeapSnapshot } from "./heap-snapshot.ts";
import type { Bot } from "./lib.ts";

export type HeapCounts = Map<string, { count: number; bytes: number }>;

/** Takes a snapshot and counts its objects by constructor (or node type). */
export async function snapshotCounts(bot: Bot): Promise<HeapCounts> {
  const snap = await takeHeapSnapshot(bot);
  if (!snap) throw new Error("no heap snapshot: start the bot with --heapsnapshot-signal=SIGUSR2");
  const counts: HeapCounts = new Map();
  forEachHeapNode(snap, ({ key, selfSize }) => {
    const entry = counts.get(key) ?? { count: 0, bytes: 0 };
    entry.count += 1;
    entry.bytes += selfSize;
    counts.set(key, entry);
  });
  return counts;
}

/** All live objects, then the types whose self size changed most between two snapshots (count and kB change). */
export function countGrowth(before: HeapCounts, after: HeapCounts, top = 12) {
  const keys = new Set([...before.keys(), ...after.keys()]);
  const total = (c: HeapCounts) =>
    [...c.values()].reduce((t, v) => ({ count: t.count + v.count, bytes: t.bytes + v.bytes }), { count: 0, bytes: 0 });
  const [a, b] = [total(before), total(after)];
  const all = { type: "(all live objects)", count: b.count - a.count, kb: Math.round((b.bytes - a.bytes) / 1024) };
  const byType = [...keys]
    .map((type) => {
      const a = before.get(type) ?? { count: 0, bytes: 0 };
      const b = after.get(type) ?? { count: 0, bytes: 0 };
      return { type, count: b.count - a.count, kb: Math.round((b.bytes - a.bytes) / 1024) };
    })
    .sort((x, y) => Math.abs(y.kb) - Math.abs(x.kb) || y.count - x.count)
    .slice(0, top);
  return [
    { ...all, fromMb: Math.round((a.bytes / 2 ** 20) * 10) / 10, toMb: Math.round((b.bytes / 2 ** 20) * 10) / 10 },
    ...byType,
  ];
}
