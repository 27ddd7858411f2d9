/**
 * Where one guild's idle RSS sits, Encore against the bare discord.js bot on the same fakes as the one-guild bench,
 * 4.5 s after ready: /proc smaps_rollup, smaps by kind (bench/smaps.ts), V8 heap spaces (bench/idle-probe.ts,
 * preloaded into both), thread names. Prints JSON, one entry per bot start, rounds interleaved.
 * Run: `npm run build && node bench/idle-breakdown.ts`. Knobs: BENCH_ROUNDS (3); BENCH_IDLE_NODE_ARGS (Node flags for
 * BOTH bots, e.g. npm start's, for a same-flags comparison); BENCH_IDLE_ENCORE_ENV (JSON, extra environment for
 * Encore, e.g. {"COMPILE_CACHE_DIR":"/tmp/cc"} to keep one compile cache warm across starts);
 * BENCH_ENCORE_NODE_ARGS as in the bench.
 */
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { FakeDiscord, generateGuilds } from "../test/fakes/discord/index.ts";
import { FakeLavalink } from "../test/fakes/lavalink/index.ts";
import { catalog } from "../test/helpers/fixtures.ts";
import { type BotKind, botEnv, mb, root, rssOf, sleep, spawnBot } from "./lib.ts";
import { memoryMap } from "./smaps.ts";

const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const probe = join(root, "bench/idle-probe.ts");
const extraArgs = (process.env.BENCH_IDLE_NODE_ARGS ?? "").split(" ").filter(Boolean);

function rollup(pid: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of readFileSync(`/proc/${pid}/smaps_rollup`, "utf8").split("\n")) {
    const m = line.match(/^(\w+):\s+(\d+) kB/);
    if (m) out[m[1] as string] = mb(Number(m[2]) * 1024);
  }
  return out;
}

async function one(kind: BotKind, env: Record<string, string>): Promise<unknown> {
  const [g] = generateGuilds(1, { textChannels: 1, voiceChannels: 1, roles: 0, members: 120, inVoice: 1 });
  if (!g) throw new Error("no guild");
  const discord = await FakeDiscord.start({ guilds: [g.spec] });
  const node = await FakeLavalink.start({ catalog, playerUpdateIntervalMs: 5000 });
  const out = join("/tmp", `idle-probe-${kind}-${process.pid}.json`);
  const args = ["--import", probe, ...extraArgs];
  const bot = spawnBot(kind, { ...botEnv(discord, node, env), PROBE_OUT: out }, args);
  try {
    await bot.ready;
    await sleep(4500);
    const pid = bot.child.pid ?? 0;
    const threads = readdirSync(`/proc/${pid}/task`).map((t) =>
      readFileSync(`/proc/${pid}/task/${t}/comm`, "utf8").trim(),
    );
    const rss = mb(rssOf(pid));
    const map = memoryMap(pid);
    const roll = rollup(pid);
    bot.child.kill("SIGUSR2");
    await sleep(300);
    const v8stats: unknown = JSON.parse(readFileSync(out, "utf8"));
    return { kind, rss, roll, map, threads, v8: v8stats };
  } finally {
    await bot.stop();
    await discord.stop();
    await node.stop();
    rmSync(out, { force: true });
  }
}

const env = JSON.parse(process.env.BENCH_IDLE_ENCORE_ENV ?? "{}") as Record<string, string>;
const results: unknown[] = [];
for (let r = 0; r < rounds; r++) {
  results.push(await one("baseline", {}));
  results.push(await one("encore", env));
}
process.stdout.write(`${JSON.stringify(results)}\n`);
