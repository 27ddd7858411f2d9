/**
 * Encore's benchmark. Encore (dist/index.js, built by `npm run bench`) and a bare discord.js bot
 * (bench/baseline-bot.ts) run as real processes against the same wire-level fakes on 127.0.0.1, measured the same
 * way in the same run; figures are reported with Encore/baseline ratios. JSON on stdout and in
 * bench/results/latest.json; progress on stderr.
 *
 *   npm run bench
 *   BENCH_SOAK=20000 BENCH_PARTS=one-guild,soak npm run bench     # a smaller soak, two parts only
 *
 * Knobs (defaults): BENCH_PARTS (one-guild,search,full-shard,soak,flood), BENCH_ROUNDS (7), BENCH_SLASHES (1000),
 * BENCH_WARMUP_SLASHES (50, not measured),
 * BENCH_FULL_GUILDS (2500), BENCH_FULL_PLAYING (250), BENCH_FULL_SETTLED (30,60,120: seconds after all play at which
 * the full shard's RSS is read again), BENCH_HEAP (0: 1 adds a heap snapshot breakdown),
 * BENCH_SOAK (100000), BENCH_SOAK_GUILDS (500), BENCH_SOAK_BASELINE (1: 0 skips the bare bot's soak),
 * BENCH_SOAK_SNAPSHOTS (0: 1 diffs two heap snapshots of Encore's soak; give Encore --heapsnapshot-signal=SIGUSR2
 * through BENCH_ENCORE_NODE_ARGS), BENCH_FLOOD (10000), BENCH_FLOOD_BUDGET_MB (120),
 * BENCH_FLOOD_OFF (1: 0 skips the comparison run with the monitor off), BENCH_SETTLE_MS (5000),
 * BENCH_ENCORE_NODE_ARGS (none: Node.js flags for Encore's process after those of `npm start`, for experiments;
 * "--max-semi-space-size=0" lifts the shipped young-generation cap), BENCH_ENCORE_ENV (none: extra environment for
 * Encore's process, e.g. "MALLOC_ARENA_MAX=2").
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { type FullShardSample, fullShard } from "./full-shard.ts";
import { median, percentile, progress, ratio, root, round1 } from "./lib.ts";
import { newCompileCacheDir, type OneGuildSample, oneGuild } from "./one-guild.ts";
import { cachedSearch } from "./search.ts";
import { flood } from "./soak.ts";
import { soak } from "./soak-long.ts";

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const parts = new Set((process.env.BENCH_PARTS ?? "one-guild,search,full-shard,soak,flood").split(","));
const settleMs = num("BENCH_SETTLE_MS", 5000);

async function main() {
  const started = Date.now();
  const result: Record<string, unknown> = {
    when: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? "?", memoryGb: round1(totalmem() / 2 ** 30) },
    node: process.version,
  };

  if (parts.has("one-guild")) {
    const rounds = num("BENCH_ROUNDS", 7);
    const slashes = num("BENCH_SLASHES", 1000);
    const warmup = num("BENCH_WARMUP_SLASHES", 50);
    const o = { slashes, warmup, settleMs };
    const base: OneGuildSample[] = [];
    const cold: OneGuildSample[] = [];
    const warm: OneGuildSample[] = [];
    for (let i = 0; i < rounds; i++) {
      // Interleaved, so drift in the machine's load hits all three alike. Encore's first start in each round has an
      // empty compile cache (a first start, or the first after an upgrade); the second reads what the first wrote
      // (a normal restart).
      const directory = newCompileCacheDir();
      base.push(await oneGuild("baseline", o));
      cold.push(await oneGuild("encore", { ...o, compileCache: { state: "cold", directory } }));
      warm.push(await oneGuild("encore", { ...o, compileCache: { state: "warm", directory } }));
    }
    const summary = (xs: OneGuildSample[]) => {
      const med = (k: Exclude<keyof OneGuildSample, "slashMs">) => round1(median(xs.map((x) => x[k])));
      return {
        readyMs: med("readyMs"),
        readyCpuMs: med("readyCpuMs"),
        idleRssMb: med("idleRssMb"),
        slashP50Ms: med("slashP50Ms"),
        slashP99Ms: med("slashP99Ms"),
        firstSlashMs: med("firstSlashMs"),
        /** p99 over every round trip of every round. */
        slashP99AllRoundsMs: round1(
          percentile(
            xs.flatMap((x) => x.slashMs),
            0.99,
          ),
        ),
      };
    };
    const b = summary(base);
    const ratios = (e: ReturnType<typeof summary>) => ({
      startToReady: ratio(e.readyMs, b.readyMs),
      startToReadyCpu: ratio(e.readyCpuMs, b.readyCpuMs),
      idleRss: ratio(e.idleRssMb, b.idleRssMb),
      slashP50: ratio(e.slashP50Ms, b.slashP50Ms),
      slashP99: ratio(e.slashP99Ms, b.slashP99Ms),
      slashP99AllRounds: ratio(e.slashP99AllRoundsMs, b.slashP99AllRoundsMs),
    });
    const perRound = (xs: OneGuildSample[]) => xs.map(({ slashMs: _, ...rest }) => rest);
    const ew = summary(warm);
    const ec = summary(cold);
    result.oneGuild = {
      setup: { rounds, slashes, warmupSlashes: warmup, medianOfRounds: true },
      baseline: b,
      /** A normal restart: the compile cache filled by the start before. */
      encore: ew,
      ratios: ratios(ew),
      /** A first start: an empty compile cache. */
      encoreColdCompileCache: ec,
      ratiosColdCompileCache: ratios(ec),
      goals: { startToReady: 1.25, idleRss: 1.1, slashP99: 1.1 },
      rounds: { baseline: perRound(base), encoreCold: perRound(cold), encoreWarm: perRound(warm) },
    };
    progress(`one guild (median of ${rounds}): ${JSON.stringify({ warm: ratios(ew), cold: ratios(ec) })}`);
  }

  if (parts.has("search")) {
    result.search = await cachedSearch({ lookups: 20_000 });
    progress(`search: ${JSON.stringify(result.search)}`);
  }

  if (parts.has("full-shard")) {
    const o = {
      guilds: num("BENCH_FULL_GUILDS", 2500),
      playing: num("BENCH_FULL_PLAYING", 250),
      settleMs,
      settledAtS: (process.env.BENCH_FULL_SETTLED ?? "30,60,120").split(",").filter(Boolean).map(Number),
      heapSnapshot: process.env.BENCH_HEAP === "1",
    };
    const b: FullShardSample = await fullShard("baseline", o);
    const e: FullShardSample = await fullShard("encore", o);
    result.fullShard = {
      setup: {
        guilds: o.guilds,
        shape: "15 text + 15 voice channels, 27 roles, 20 members",
        playing: o.playing,
        playlistTracks: 50,
      },
      baseline: b,
      encore: e,
      ratios: {
        idleRss: ratio(e.idleRssMb, b.idleRssMb),
        playingRssToBaselineIdle: ratio(e.playingRssMb ?? 0, b.idleRssMb),
        startToReady: ratio(e.readyMs, b.readyMs),
        startToReadyCpu: ratio(e.readyCpuMs, b.readyCpuMs),
        settledRssToBaselineIdle: ratio(e.settled?.[e.settled.length - 1]?.rssMb ?? 0, b.idleRssMb),
      },
      goal: {
        playingRssMb: 150,
        met: (e.playingRssMb ?? Infinity) <= 150,
        // The last reading while the same 250 keep playing (BENCH_FULL_SETTLED), reported next to the first.
        settled: e.settled?.length
          ? {
              atS: e.settled[e.settled.length - 1]?.atS,
              met: (e.settled[e.settled.length - 1]?.rssMb ?? Infinity) <= 150,
            }
          : null,
      },
    };
  }

  if (parts.has("soak")) {
    result.soak = await soak({
      guilds: num("BENCH_SOAK_GUILDS", 500),
      commands: num("BENCH_SOAK", 100_000),
      concurrency: 16,
      snapshots: process.env.BENCH_SOAK_SNAPSHOTS === "1",
      baseline: process.env.BENCH_SOAK_BASELINE !== "0",
    });
  }

  if (parts.has("flood")) {
    const guilds = num("BENCH_SOAK_GUILDS", 500);
    const searches = num("BENCH_FLOOD", 10_000);
    const budget = num("BENCH_FLOOD_BUDGET_MB", 120);
    result.flood = {
      withMonitor: await flood({ guilds, searches, budgetMb: budget }),
      monitorOff: process.env.BENCH_FLOOD_OFF === "0" ? null : await flood({ guilds, searches, budgetMb: null }),
    };
  }

  result.seconds = Math.round((Date.now() - started) / 1000);
  const out = JSON.stringify(result, null, 2);
  mkdirSync(join(root, "bench/results"), { recursive: true });
  writeFileSync(join(root, "bench/results/latest.json"), `${out}\n`);
  process.stdout.write(`${out}\n`);
}

await main();
