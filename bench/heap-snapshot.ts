/** Heap snapshots of a running bot (Node's --heapsnapshot-signal): taking one, and walking its nodes. */
import { readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Bot } from "./lib.ts";
import { sleep } from "./lib.ts";

export interface HeapSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

/** One heap node: its type-or-constructor key (as the summaries group them), name index and self size. */
export interface HeapNode {
  type: string;
  /** `Name (object)` / `Name (closure)` for objects and closures, `(type)` for the rest. */
  key: string;
  nameIndex: number;
  selfSize: number;
}

/**
 * Sends SIGUSR2, waits until a new snapshot file stops growing, parses it and deletes the file. Undefined when no
 * snapshot appears (the bot was not started with --heapsnapshot-signal=SIGUSR2).
 */
export async function takeHeapSnapshot(bot: Bot): Promise<HeapSnapshot | undefined> {
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
  if (!file) return undefined;
  const snap = JSON.parse(readFileSync(file, "utf8")) as HeapSnapshot;
  rmSync(file);
  return snap;
}

/** Calls `visit` for every node of the snapshot. */
export function forEachHeapNode(snap: HeapSnapshot, visit: (node: HeapNode) => void): void {
  const fields = snap.snapshot.meta.node_fields;
  const width = fields.length;
  const typeAt = fields.indexOf("type");
  const nameAt = fields.indexOf("name");
  const sizeAt = fields.indexOf("self_size");
  const types = snap.snapshot.meta.node_types[0];
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + typeAt] as number] ?? "?";
    const nameIndex = snap.nodes[i + nameAt] as number;
    const name = snap.strings[nameIndex] ?? "?";
    const key = type === "object" || type === "closure" ? `${name} (${type})` : `(${type})`;
    visit({ type, key, nameIndex, selfSize: snap.nodes[i + sizeAt] as number });
  }
}
