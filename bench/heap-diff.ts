/** Heap snapshots of a running bot (Node's --heapsnapshot-signal) counted by constructor, and the change between two. */
import { readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Bot } from "./lib.ts";
import { sleep } from "./lib.ts";

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

export type HeapCounts = Map<string, { count: number; bytes: number }>;

/** Sends SIGUSR2, waits for the new snapshot file to be complete, counts objects by constructor, deletes the file. */
export async function snapshotCounts(bot: Bot): Promise<HeapCounts> {
  const existing = new Set(readdirSync(bot.cwd));
  bot.child.kill("SIGUSR2");
  let file: string | undefined;
  let lastSize = -1;
  for (let i = 0; i < 600 && !file; i++) {
    await sleep(500);
    const found = readdirSync(bot.cwd).find((f) => f.endsWith(".heapsnapshot") && !existing.has(f));
    if (!found) continue;
    const size = statSync(join(bot.cwd, found)).size;
    if (size === lastSize && size > 0) file = join(bot.cwd, found);
    lastSize = size;
  }
  if (!file) throw new Error("no heap snapshot: start the bot with --heapsnapshot-signal=SIGUSR2");
  const snap = JSON.parse(readFileSync(file, "utf8")) as Snapshot;
  rmSync(file);
  const fields = snap.snapshot.meta.node_fields;
  const width = fields.length;
  const typeAt = fields.indexOf("type");
  const nameAt = fields.indexOf("name");
  const sizeAt = fields.indexOf("self_size");
  const types = snap.snapshot.meta.node_types[0];
  const counts: HeapCounts = new Map();
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + typeAt] as number] ?? "?";
    const name = snap.strings[snap.nodes[i + nameAt] as number] ?? "?";
    const key = type === "object" || type === "closure" ? `${name} (${type})` : `(${type})`;
    const entry = counts.get(key) ?? { count: 0, bytes: 0 };
    entry.count += 1;
    entry.bytes += snap.nodes[i + sizeAt] as number;
    counts.set(key, entry);
  }
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
