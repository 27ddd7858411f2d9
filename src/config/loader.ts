import { existsSync, readFileSync } from "node:fs";
import { parseEnv } from "node:util";
import { type Config, rawConfigSchema, withNodePasswords } from "./schema.ts";

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

/** Secrets that may also come from a file named by `<NAME>_FILE` (Docker and Kubernetes secrets). */
const SECRET_KEYS: ReadonlySet<string> = new Set(["discordToken", "lavalinkPassword", "lavalinkNodes"]);

/** Reads `<NAME>_FILE`, without its trailing line break; a problem (never the content) when it cannot. */
function readSecretFile(
  name: string,
  file: string | undefined,
  direct: string | undefined,
  problems: string[],
): string | undefined {
  if (file === undefined || file === "") return undefined;
  if (direct !== undefined && direct !== "") {
    problems.push(`${name} and ${name}_FILE are both set: keep one`);
    return undefined;
  }
  try {
    const text = readFileSync(file, "utf8").replace(/\r?\n$/, "");
    if (text === "") problems.push(`${name}_FILE ${file} is empty`);
    return text === "" ? undefined : text;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "error";
    problems.push(`${name}_FILE cannot read ${file} (${code}): check the path and that Encore's user may read it`);
    return undefined;
  }
}

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
    const name = toEnvName(key);
    const value = env[name];
    if (value !== undefined && value !== "") raw[key] = value;
    if (SECRET_KEYS.has(key)) {
      const fromFile = readSecretFile(name, env[`${name}_FILE`], value, problems);
      if (fromFile !== undefined) raw[key] = fromFile;
    }
  }
  Object.assign(raw, opts.overrides);

  const result = rawConfigSchema.safeParse(raw);
  // Checked on its own so a missing node password is listed together with every other problem.
  const nodes = rawConfigSchema.shape.lavalinkNodes.safeParse(raw.lavalinkNodes);
  const sharedPassword = typeof raw.lavalinkPassword === "string" ? raw.lavalinkPassword : undefined;
  const lavalinkNodes = nodes.success ? withNodePasswords(nodes.data, sharedPassword, problems) : [];
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
  return deepFreeze({ ...result.data, lavalinkNodes });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
