import { fileURLToPath } from "node:url";
import { type App, createApp } from "./app.ts";
import { type CompileCacheOutcome, flushCompileCache } from "./compile-cache.ts";
import { ConfigError, loadConfig } from "./config/loader.ts";
import type { Config } from "./config/schema.ts";
import { isStartupError } from "./core/errors.ts";
import type { StackMapper } from "./core/stack-mapper.ts";
import { isStoreError } from "./store/index.ts";

/** Config → app → start; signals stop it; fatal errors stop it with a deadline and exit 1. Run by `index.ts`. */
export async function main(boot: { compileCache: CompileCacheOutcome; mapStack?: StackMapper }): Promise<void> {
  let config: Config;
  const retired: string[] = [];
  try {
    config = loadConfig({
      env: process.env,
      envFile: ".env",
      defaultsFile: fileURLToPath(new URL("../config/default.json", import.meta.url)),
      onRetired: (message) => retired.push(message),
    });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(
        `Encore cannot start.\n${err.message}\nSee .env.example and the README's configuration table.\n`,
      );
      process.exit(2);
    }
    throw err;
  }

  const shardIds = shardsFromManager(process.env.SHARDS);
  // Under the sharding manager each process serves health and metrics on HTTP_PORT + its first shard id.
  if (shardIds && config.httpPort > 0) config = { ...config, httpPort: config.httpPort + (shardIds[0] ?? 0) };
  const app: App = createApp(config, { shardIds, mapStack: boot.mapStack });
  // Process warnings go to the JSON log like everything else. discord.js warns once that limiting its channel and
  // role caches is unsupported; Encore limits them on purpose (see client-factory.ts), so that one is debug.
  process.removeAllListeners("warning");
  process.on("warning", (w) => {
    const level = w.name === "UnsupportedCacheOverwriteWarning" ? "debug" : "warn";
    app.logger[level]({ warning: { name: w.name, message: w.message } }, "process warning");
  });
  for (const message of retired) app.logger.warn(message);
  logCompileCache(app, boot.compileCache);
  let exiting = false;
  const shutdown = (code: number, reason: string) => {
    if (exiting) return;
    exiting = true;
    const deadline = setTimeout(() => {
      app.logger.error({ reason }, "shutdown deadline passed; exiting anyway");
      process.exit(code === 0 ? 1 : code);
    }, config.shutdownTimeoutMs);
    deadline.unref();
    app
      .stop(reason)
      .catch((err: unknown) => app.logger.error({ err }, "error during shutdown"))
      .finally(() => {
        app.logger.flush?.();
        process.exit(code);
      });
  };

  process.on("SIGTERM", () => shutdown(0, "SIGTERM"));
  process.on("SIGINT", () => shutdown(0, "SIGINT"));
  process.on("unhandledRejection", (err) => {
    app.logger.fatal({ err }, "unhandled promise rejection");
    shutdown(1, "unhandledRejection");
  });
  process.on("uncaughtException", (err) => {
    app.logger.fatal({ err }, "uncaught exception");
    shutdown(1, "uncaughtException");
  });

  try {
    await app.start();
    // What start-up compiled is on disk now, even if this process is later killed rather than stopped.
    if (boot.compileCache.state === "enabled" || boot.compileCache.state === "already-enabled") flushCompileCache();
  } catch (err) {
    if (isStoreError(err)) {
      // An operator problem with a clear fix: say it plainly, no stack trace.
      process.stderr.write(`Encore cannot start: ${err.message}\n`);
      app.logger.fatal({ reason: err.reason, path: err.path }, "database unusable");
    } else if (isStartupError(err)) {
      process.stderr.write(`Encore cannot start: ${err.message}\n`);
      app.logger.fatal({ reason: err.reason }, err.message);
    } else {
      app.logger.fatal({ err }, "start-up failed");
    }
    shutdown(1, "startup failed");
  }
}

/**
 * The shard ids discord.js's ShardingManager gives this process (its SHARDS variable: one id, or a JSON array);
 * undefined when Encore runs on its own and owns every shard.
 */
function shardsFromManager(raw: string | undefined): number[] | undefined {
  if (!raw) return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    const ids = Array.isArray(parsed) ? parsed : [parsed];
    if (ids.length > 0 && ids.every((n) => Number.isInteger(n) && n >= 0)) return ids as number[];
  } catch {
    // not from the sharding manager
  }
  return undefined;
}

function logCompileCache(app: App, outcome: CompileCacheOutcome): void {
  if (outcome.state === "failed") {
    app.logger.warn(
      { directory: outcome.directory, reason: outcome.message },
      "module compile cache unavailable (start-up is slower): make COMPILE_CACHE_DIR writable, or set COMPILE_CACHE=false",
    );
  } else {
    app.logger.debug({ compileCache: outcome }, "module compile cache");
  }
}
