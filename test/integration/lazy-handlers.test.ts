import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

const manifest = new URL("../../src/commands/manifest.ts", import.meta.url).href;
const slash = new URL("../../src/discord/slash-json.ts", import.meta.url).href;

/**
 * Runs in a fresh Node process with a module resolve hook that records every module Node loads, so the check is
 * about real imports rather than the registry's own bookkeeping.
 */
const script = `
import { registerHooks } from "node:module";
const loaded = new Set();
registerHooks({
  resolve(specifier, context, next) {
    const r = next(specifier, context);
    loaded.add(r.url);
    return r;
  },
});
const handlers = () => [...loaded].filter((u) => u.includes("/src/commands/handlers/")).map((u) => u.split("/").pop()).sort();
const { commandManifest } = await import(${JSON.stringify(manifest)});
const { slashJson } = await import(${JSON.stringify(slash)});
const defs = commandManifest();
defs.map(slashJson);
const before = handlers();
await defs.find((d) => d.name === "ping").load();
const afterPing = handlers();
console.log(JSON.stringify({ count: defs.length, before, afterPing }));
`;

describe("lazy command handlers", () => {
  it("building the manifest and every slash definition imports no handler; the first use imports only that one", () => {
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    const out = JSON.parse(run.stdout) as { count: number; before: string[]; afterPing: string[] };
    expect(out.count).toBeGreaterThan(25);
    expect(out.before).toEqual([]);
    expect(out.afterPing).toEqual(["ping.ts"]);
  });
});
