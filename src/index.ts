/**
 * Entry point. Checks the Node.js version before loading anything that needs a newer one (`node:sqlite` arrived in
 * 22.13; on older versions the import fails with an unreadable error), turns on the module compile cache, then runs
 * Encore, whose log maps stack traces back to its TypeScript sources.
 */
import { fileURLToPath } from "node:url";
import { enableCompileCache, readCompileCacheSettings } from "./compile-cache.ts";
import { createStackMapper } from "./core/stack-mapper.ts";
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
const { main } = await import("./main.ts");
// Logged errors' frames in the compiled code are mapped to the TypeScript sources when they are logged, from the
// `.js.map` files beside it (none when the sources run directly): no source map is read at start-up.
await main({ compileCache, mapStack: createStackMapper(fileURLToPath(new URL(".", import.meta.url))) });
