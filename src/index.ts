/**
 * Entry point. Checks the Node.js version before loading anything that needs a newer one (`node:sqlite` arrived in
 * 22.13; on older versions the import fails with an unreadable error), turns on the module compile cache and
 * source-mapped stack traces, then runs Encore.
 */
import * as nodeModule from "node:module";
import { fileURLToPath } from "node:url";
import { enableCompileCache, readCompileCacheSettings } from "./compile-cache.ts";
import { nodeVersionProblem } from "./node-version.ts";

const problem = nodeVersionProblem(process.versions.node);
if (problem) {
  process.stderr.write(`Encore cannot start: ${problem}\n`);
  process.exit(1);
}
// Before the heavy imports (discord.js, the libraries, Encore's own modules): a restart then reads their compiled
// code from disk instead of compiling it again.
const compileCache = enableCompileCache(
  readCompileCacheSettings(fileURLToPath(new URL("../config/default.json", import.meta.url))),
);
enableSourceMaps();
const { main } = await import("./main.ts");
await main({ compileCache });

/**
 * Stack traces point into Encore's TypeScript sources. Only Encore's own source maps are loaded: those of the
 * libraries (discord.js's, lavalink-client's…) would cost several MB and start-up time for frames that are rarely
 * the point. Node before 22.14 has no such choice and maps everything.
 */
function enableSourceMaps(): void {
  const support = (
    nodeModule as { setSourceMapsSupport?: (on: boolean, o: { nodeModules: boolean; generatedCode: boolean }) => void }
  ).setSourceMapsSupport;
  if (support) support(true, { nodeModules: false, generatedCode: false });
  else process.setSourceMapsEnabled(true);
}
