/** Shared pieces of Encore's benchmark: spawning the bots, reading RSS, percentiles, the fakes' environment. */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { FakeDiscord } from "../test/fakes/discord/index.ts";
import type { FakeLavalink } from "../test/fakes/lavalink/index.ts";

export const root = fileURLToPath(new URL("..", import.meta.url));
export type BotKind = "encore" | "baseline";

export const progress = (msg: string) =>
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
export const round1 = (x: number) => Math.round(x * 10) / 10;
export const round3 = (x: number) => Math.round(x * 1000) / 1000;
export const ratio = (x: number, y: number) => (y > 0 ? Math.round((x / y) * 100) / 100 : null);

export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0) * 1024;
}

/** CPU time (user + system) the process has used so far, in ms (from /proc/<pid>/stat, 100 ticks a second). */
export function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] as number) : 0;
}
export const median = (xs: number[]) => percentile(xs, 0.5);

export interface Bot {
  child: ChildProcess;
  ready: Promise<void>;
  /** The bot's working directory (empty; heap snapshots land here). */
  cwd: string;
  /** Everything the bot printed on stdout (Encore: JSON log lines). */
  output: string[];
  stop(): Promise<void>;
}

/** The Node.js flags Encore ships with: those of `npm start` (`node <flags> dist/index.js`; the Dockerfile's match). */
export function shippedNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> };
  const words = (pkg.scripts.start ?? "").split(/\s+/).filter(Boolean);
  return words.slice(1, -1).filter((w) => w.startsWith("--"));
}

/** Starts Encore (dist/index.js) or the bare baseline bot as a real process in an empty directory. */
export function spawnBot(kind: BotKind, env: Record<string, string>, nodeArgs: string[] = []): Bot {
  const script = kind === "encore" ? join(root, "dist/index.js") : join(root, "bench/baseline-bot.ts");
  const cwd = mkdtempSync(join(tmpdir(), "encore-bench-"));
  // Encore runs the way `npm start` and the Docker image run it, with the Node.js flags of `npm start`. For
  // experiments, BENCH_ENCORE_NODE_ARGS comes after them (the last of a repeated flag wins: "--max-semi-space-size=0"
  // gives V8's own sizing back) and BENCH_ENCORE_ENV adds environment variables, e.g. "MALLOC_ARENA_MAX=2".
  const flags = [...shippedNodeFlags(), ...(process.env.BENCH_ENCORE_NODE_ARGS ?? "").split(" ").filter(Boolean)];
  const extra = kind === "encore" ? flags : [];
  const extraEnv =
    kind === "encore"
      ? Object.fromEntries(
          (process.env.BENCH_ENCORE_ENV ?? "")
            .split(" ")
            .filter((kv) => kv.includes("="))
            .map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]),
        )
      : {};
  const child = spawn(process.execPath, [...extra, ...nodeArgs, script], {
    cwd,
    env: { PATH: process.env.PATH ?? "", ...extraEnv, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const marker = kind === "encore" ? "Encore is ready" : "baseline ready";
  const output: string[] = [];
  const ready = new Promise<void>((resolve, reject) => {
    let seen = "";
    child.stdout?.on("data", (d) => {
      const text = String(d);
      output.push(text);
      if (output.length > 5000) output.splice(0, 1000);
      // The marker may straddle two chunks, or sit far inside a long one: search before trimming.
      seen = seen + text;
      if (seen.includes(marker)) resolve();
      seen = seen.slice(-200);
    });
    child.on("exit", (code) => reject(new Error(`${kind} exited with ${code} before it was ready`)));
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await Promise.race([exited, sleep(15_000).then(() => child.kill("SIGKILL"))]);
  };
  return { child, cwd, ready, output, stop };
}

/** Environment for a bot on these fakes, with Encore's production defaults otherwise. */
export function botEnv(
  discord: FakeDiscord,
  node: FakeLavalink,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    DISCORD_TOKEN: discord.token,
    DISCORD_API_BASE: discord.apiBase,
    LAVALINK_NODES: node.nodeUrl("main"),
    LAVALINK_PASSWORD: node.password,
    HTTP_HOST: "127.0.0.1",
    HTTP_PORT: "0",
    LOG_LEVEL: "info",
    DATABASE_PATH: join(mkdtempSync(join(tmpdir(), "encore-bench-db-")), "encore.db"),
    ...extra,
  };
}

/** Runs `count` tasks with at most `concurrency` in flight. */
export async function pool(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}
