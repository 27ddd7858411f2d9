/**
 * Node's on-disk module compile cache: V8's code cache for every module loaded after it is turned on, so a restart
 * reads compiled code instead of parsing and compiling discord.js, the other libraries and Encore again.
 *
 * The entry point turns it on before it imports anything heavy, so it cannot use the validated configuration: it
 * reads the same sources (defaults file < `.env` < environment) for its two keys itself. `COMPILE_CACHE` and
 * `COMPILE_CACHE_DIR` are in the config schema too, so a bad value still stops start-up with the usual message.
 * Only dependency-free Node built-ins here: everything imported before the cache is on is compiled without it.
 */
import { readFileSync } from "node:fs";
import * as nodeModule from "node:module";
import { dirname, join, resolve } from "node:path";
import * as util from "node:util";

export interface CompileCacheSettings {
  enabled: boolean;
  /** Absolute directory of the cache (Node adds a subdirectory per Node version). */
  directory: string;
}

/** What the entry point did, for the log once the logger exists. */
export type CompileCacheOutcome =
  | { state: "enabled" | "already-enabled"; directory: string }
  | { state: "off" }
  | { state: "unsupported" }
  | { state: "failed"; directory: string; message: string };

const falsy = ["false", "0", "no", "off"];

/**
 * The cache's settings from the same sources as the configuration. Default: on, in `compile-cache/` next to the
 * database (`./data/compile-cache`, `/data/compile-cache` in the Docker image), where Encore already writes.
 */
export function compileCacheSettings(sources: {
  env: Record<string, string | undefined>;
  envFile: Record<string, string | undefined>;
  defaults: Record<string, unknown>;
  cwd: string;
}): CompileCacheSettings {
  const pick = (envName: string, key: string): string | undefined => {
    const fromEnv = sources.env[envName] ?? sources.envFile[envName];
    if (fromEnv !== undefined && fromEnv.trim() !== "") return fromEnv.trim();
    const fromDefaults = sources.defaults[key];
    return typeof fromDefaults === "string" || typeof fromDefaults === "boolean" ? String(fromDefaults) : undefined;
  };
  const enabled = !falsy.includes((pick("COMPILE_CACHE", "compileCache") ?? "true").toLowerCase());
  const dir = pick("COMPILE_CACHE_DIR", "compileCacheDir");
  const database = pick("DATABASE_PATH", "databasePath") ?? "./data/encore.db";
  const directory = resolve(sources.cwd, dir && dir !== "" ? dir : join(dirname(database), "compile-cache"));
  return { enabled, directory };
}

/** Reads the settings from the process's environment, `.env` and the defaults file; unreadable files count as empty. */
export function readCompileCacheSettings(
  defaultsFile: string,
  envFile = ".env",
  env: Record<string, string | undefined> = process.env,
): CompileCacheSettings {
  const readOr = <T>(read: () => T, fallback: T): T => {
    try {
      return read();
    } catch {
      return fallback;
    }
  };
  return compileCacheSettings({
    env,
    // Looked up, not imported by name: this runs before the Node.js version check can explain an old Node.
    envFile: readOr(
      () => (util as { parseEnv: (text: string) => Record<string, string> }).parseEnv(readFileSync(envFile, "utf8")),
      {},
    ),
    defaults: readOr(() => JSON.parse(readFileSync(defaultsFile, "utf8")) as Record<string, unknown>, {}),
    cwd: process.cwd(),
  });
}

type EnableCompileCache = (dir: string) => { status: number; message?: string; directory?: string };

/**
 * Turns the cache on (Node ≥ 22.1). Never throws: a directory Encore cannot write costs only the speed-up.
 * `NODE_COMPILE_CACHE` / `NODE_DISABLE_COMPILE_CACHE`, Node's own switches, win over Encore's settings.
 */
export function enableCompileCache(settings: CompileCacheSettings): CompileCacheOutcome {
  if (!settings.enabled) return { state: "off" };
  const m = nodeModule as unknown as {
    enableCompileCache?: EnableCompileCache;
    constants?: { compileCacheStatus?: Record<string, number> };
  };
  const status = m.constants?.compileCacheStatus;
  if (!m.enableCompileCache || !status) return { state: "unsupported" };
  try {
    const result = m.enableCompileCache(settings.directory);
    if (result.status === status.ENABLED) return { state: "enabled", directory: result.directory ?? "" };
    if (result.status === status.ALREADY_ENABLED)
      return { state: "already-enabled", directory: result.directory ?? "" };
    if (result.status === status.DISABLED) return { state: "off" };
    return { state: "failed", directory: settings.directory, message: result.message ?? "unknown reason" };
  } catch (err) {
    return { state: "failed", directory: settings.directory, message: (err as Error).message };
  }
}

/** Writes what was compiled so far to disk now (Node also does at exit; a killed process would not). */
export function flushCompileCache(): void {
  (nodeModule as { flushCompileCache?: () => void }).flushCompileCache?.();
}
