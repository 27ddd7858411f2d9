/**
 * Preloaded into a bot by bench/idle-breakdown.ts (`node --import`): on SIGUSR2 it writes the V8 heap spaces and
 * heap statistics to the file named by PROBE_OUT. Loaded the same way into both bots, so its own cost cancels out.
 */
import { writeFileSync } from "node:fs";
import v8 from "node:v8";

process.on("SIGUSR2", () => {
  const spaces = Object.fromEntries(
    v8.getHeapSpaceStatistics().map((s) => [s.space_name, { committed: s.space_size, used: s.space_used_size }]),
  );
  const h = v8.getHeapStatistics();
  writeFileSync(
    process.env.PROBE_OUT ?? "probe.json",
    JSON.stringify({ spaces, heap: { malloced: h.malloced_memory, external: h.external_memory } }),
  );
});
