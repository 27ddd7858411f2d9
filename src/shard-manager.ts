/**
 * Multi-process mode: discord.js's ShardingManager runs one Encore process per shard, all on the same
 * configuration and the same SQLite file (WAL mode; each process writes only its own guilds' players).
 * Each guild's player lives in the process that owns the guild's shard. Start with `npm run start:sharded`.
 */
import { fileURLToPath } from "node:url";
import { REST, Routes, ShardingManager } from "discord.js";
import { ConfigError, loadConfig } from "./config/loader.ts";
import type { Config } from "./config/schema.ts";
import { isStartupError } from "./core/errors.ts";
import { explainLoginError } from "./discord/login.ts";

/** Discord's recommended shard count (GET /gateway/bot) when SHARD_COUNT is "auto". */
async function totalShards(config: Config): Promise<number> {
  if (typeof config.shardCount === "number") return config.shardCount;
  const rest = new REST(config.discordApiBase ? { api: config.discordApiBase } : {}).setToken(config.discordToken);
  const gateway = (await rest.get(Routes.gatewayBot())) as { shards: number };
  return Math.max(1, gateway.shards);
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig({
      env: process.env,
      envFile: ".env",
      defaultsFile: fileURLToPath(new URL("../config/default.json", import.meta.url)),
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
  let total: number;
  try {
    total = await totalShards(config);
  } catch (err) {
    const explained = explainLoginError(err);
    if (!isStartupError(explained)) throw err;
    process.stderr.write(`Encore cannot start: ${explained.message}\n`);
    process.exit(1);
  }
  const entry = fileURLToPath(new URL(import.meta.url.endsWith(".ts") ? "./index.ts" : "./index.js", import.meta.url));
  const manager = new ShardingManager(entry, {
    token: config.discordToken,
    totalShards: total,
    mode: "process",
    respawn: true,
    // Each shard process runs with this process's Node.js flags (the heap sizing and source maps of the start
    // command); NODE_OPTIONS reaches them through the environment.
    execArgv: process.execArgv,
  });
  const log = (msg: string, extra: Record<string, unknown> = {}) =>
    process.stdout.write(`${JSON.stringify({ level: 30, time: Date.now(), part: "shards", ...extra, msg })}\n`);
  manager.on("shardCreate", (shard) => {
    log("shard process started", { shard: shard.id });
    shard.on("death", () => log("shard process exited", { shard: shard.id }));
  });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    manager.respawn = false;
    const alive = [...manager.shards.values()].filter((s) => s.process && s.process.exitCode === null);
    let left = alive.length;
    if (left === 0) process.exit(0);
    // Each process stops on SIGTERM the way a single Encore does (saving its players); wait for all of them.
    for (const shard of alive) {
      shard.process?.once("exit", () => {
        left -= 1;
        if (left === 0) process.exit(0);
      });
      shard.process?.kill("SIGTERM");
    }
    setTimeout(() => process.exit(1), config.shutdownTimeoutMs + 2000).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  log("starting shard processes", { totalShards: total });
  // Discord lets a bot identify one shard per 5 s (more with a larger max_concurrency, which discord.js honours
  // inside each process); the manager keeps to that between processes.
  await manager.spawn({ amount: total, delay: 5500, timeout: -1 });
  log("every shard process is ready", { totalShards: total });
}

void main();
