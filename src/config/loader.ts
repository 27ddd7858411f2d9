import { existsSync, readFileSync } from "node:fs";
import { parseEnv } from "node:util";
import { type Config, rawConfigSchema } from "./schema.ts";

/** Start-up stops with this error; its message lists every problem, one per line. */
export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

export const toEnvName = (key: string): string => key.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();

export interface LoadConfigOptions {
  /** Environment variables (highest precedence). */
  env: Record<string, string | undefined>;
  /** Path of an optional `.env` file; its values sit between the defaults and `env`. */
  envFile?: string;
  /** Path of the non-secret defaults file. */
  defaultsFile?: string;
  /** Values that override the defaults file (used by tests and tools). */
  overrides?: Record<string, unknown>;
  /** Told about variables that are set but no longer read (start-up logs them as warnings). */
  onRetired?: (message: string) => void;
}

/** Variables earlier versions read, with what replaced them. */
export const RETIRED_VARIABLES: Readonly<Record<string, string>> = {
  COMMAND_COOLDOWN_MS:
    "COMMAND_COOLDOWN_MS is no longer read: one per-member rate limit (RATE_LIMIT_BURST, RATE_LIMIT_REFILL_MS) replaced the per-command cooldowns",
};

function readJson(path: string, problems: string[]): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, "utf8"));
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    problems.push(`${path}: must contain a JSON object`);
  } catch (err) {
    problems.push(`${path}: ${(err as Error).message}`);
  }
  return {};
}

/**
 * Builds the frozen configuration: defaults file < `.env` < environment < overrides.
 * Throws ConfigError listing every problem at once.
 */
export function loadConfig(opts: LoadConfigOptions): Config {
  const problems: string[] = [];
  const defaults = opts.defaultsFile ? readJson(opts.defaultsFile, problems) : {};
  let fileEnv: Record<string, string> = {};
  if (opts.envFile && existsSync(opts.envFile)) {
    try {
      fileEnv = parseEnv(readFileSync(opts.envFile, "utf8")) as Record<string, string>;
    } catch (err) {
      problems.push(`${opts.envFile}: ${(err as Error).message}`);
    }
  }
  const env = { ...fileEnv, ...opts.env };
  for (const [name, message] of Object.entries(RETIRED_VARIABLES)) {
    if (env[name] !== undefined) opts.onRetired?.(message);
  }
  const raw: Record<string, unknown> = { ...defaults };
  for (const key of Object.keys(rawConfigSchema.shape)) {
    const value = env[toEnvName(key)];
    if (value !== undefined && value !== "") raw[key] = value;
  }
  Object.assign(raw, opts.overrides);

  const result = rawConfigSchema.safeParse(raw);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const key = String(issue.path[0] ?? "");
      const name = key ? toEnvName(key) : "config";
      problems.push(`${name} ${issue.message}`);
    }
  } else if (result.data.memorySoftRatio >= result.data.memoryHardRatio) {
    problems.push("MEMORY_SOFT_RATIO must be below MEMORY_HARD_RATIO");
  }
  if (problems.length > 0 || !result.success) throw new ConfigError(problems);
  return deepFreeze(result.data);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
