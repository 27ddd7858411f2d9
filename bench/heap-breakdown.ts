/** A heap snapshot of a running bot (Node's --heapsnapshot-signal), summarised as retained-by-type self sizes. */
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Bot } from "./lib.ts";
import { progress, sleep } from "./lib.ts";

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

export interface HeapBreakdown {
  byType: { type: string; mb: number; count: number }[];
  /** Strings held more than once with the same text: the copies beyond the first, by text (first 60 characters). */
  duplicateStrings: { text: string; copies: number; extraMb: number }[];
  duplicateStringsMb: number;
}

/** Sends SIGUSR2, waits for the snapshot file, and sums self sizes by constructor (objects) or node type. */
export async function writeHeapBreakdown(bot: Bot, top = 15): Promise<HeapBreakdown | undefined> {
  const dir = bot.cwd;
  progress("heap snapshot: writing");
  bot.child.kill("SIGUSR2");
  let file: string | undefined;
  let lastSize = -1;
  for (let i = 0; i < 600 && !file; i++) {
    await sleep(500);
    const found = readdirSync(dir).find((f) => f.endsWith(".heapsnapshot"));
    if (!found) continue;
    const size = readFileSync(join(dir, found)).length;
    if (size === lastSize && size > 0) file = join(dir, found);
    lastSize = size;
  }
  if (!file) return undefined;
  progress("heap snapshot: summarising");
  const snap = JSON.parse(readFileSync(file, "utf8")) as Snapshot;
  rmSync(file);
  const fields = snap.snapshot.meta.node_fields;
  const width = fields.length;
  const typeAt = fields.indexOf("type");
  const nameAt = fields.indexOf("name");
  const sizeAt = fields.indexOf("self_size");
  const typeNames = snap.snapshot.meta.node_types[0];
  const sums = new Map<string, { bytes: number; count: number }>();
  const strings = new Map<number, { bytes: number; count: number }>();
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = typeNames[snap.nodes[i + typeAt] as number] ?? "?";
    const name = snap.strings[snap.nodes[i + nameAt] as number] ?? "?";
    if (type === "string") {
      const s = strings.get(snap.nodes[i + nameAt] as number) ?? { bytes: 0, count: 0 };
      s.bytes = snap.nodes[i + sizeAt] as number;
      s.count += 1;
      strings.set(snap.nodes[i + nameAt] as number, s);
    }
    const key = type === "object" || type === "closure" ? `${name} (${type})` : `(${type})`;
    const entry = sums.get(key) ?? { bytes: 0, count: 0 };
    entry.bytes += snap.nodes[i + sizeAt] as number;
    entry.count += 1;
    sums.set(key, entry);
  }
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
