/**
 * The long soak: everyday commands (/ping, /queue, /nowplaying in turn) over 500 guilds of 20 members, members taking
 * turns, 16 in flight; the bare discord.js bot gets the same command stream in its own world first. Memory is sampled
 * 20 times along the way (RSS and, for Encore, the V8 heap spaces) and each bot's second half judged flat or not.
 * With heap snapshots on, Encore's RSS after the first snapshot includes the snapshot writer's own memory: use such a
 * run for the diff by type, not for the verdict.
 */
import { countGrowth, type HeapCounts, snapshotCounts } from "./heap-diff.ts";
import { type BotKind, pool, progress, ratio, round1, sleep } from "./lib.ts";
import { identicalSearches, slash, type World, world } from "./soak.ts";
import { type MemorySample, sampleMemory } from "./soak-memory.ts";

/** The second half of the soak counts as flat when RSS grows by at most this share of its half-time value. */
const FLAT_SHARE = 0.05;
/** After the last command: how long the bot idles before its memory is read once more. */
const IDLE_AFTER_MS = 30_000;

export interface SoakRun {
  commands: number;
  answered: number;
  seconds: number;
  rssSamplesMb: number[];
  /** Every sample: RSS, live heap, V8 heap committed (all, young), external, outside the heap, anon/file RSS. */
  samples: MemorySample[];
  firstHalfGrowthMb: number;
  secondHalfGrowthMb: number;
  secondHalfLiveHeapGrowthMb: number | null;
  /** With snapshots on (Encore): live objects by type that grew most from a quarter of the way to the end. */
  heapGrowth?: ReturnType<typeof countGrowth>;
  /** The second half grew RSS by at most FLAT_SHARE of the RSS at half-time. */
  flat: boolean;
  verdict: string;
  /** Memory once more, IDLE_AFTER_MS after the last command (V8 gives back pooled pages when allocation stops). */
  idle: MemorySample;
}

export interface SoakResult {
  identicalSearches: number;
  identicalNodeRequests: number;
  commands: number;
  answered: number;
  seconds: number;
  rssSamplesMb: number[];
  firstHalfGrowthMb: number;
  secondHalfGrowthMb: number;
  flat: boolean;
  verdict: string;
  /** Encore's RSS over the bare bot's at the end of the soak and 30 s later (same run). */
  ratios: { endRss: number | null; idleRss: number | null } | null;
  encore: SoakRun;
  baseline: SoakRun | null;
}

interface SoakOptions {
  guilds: number;
  commands: number;
  concurrency: number;
  /** Heap snapshots a quarter of the way in and at the end (needs --heapsnapshot-signal=SIGUSR2 for Encore). */
  snapshots?: boolean;
  /** Also soak the bare discord.js bot (default true). */
  baseline?: boolean;
}

const signed = (x: number) => `${x >= 0 ? "+" : ""}${x}`;

async function run(w: World, kind: BotKind, o: SoakOptions): Promise<SoakRun> {
  const pid = w.bot.child.pid ?? 0;
  const names = ["ping", "queue", "nowplaying"];
  const samples: MemorySample[] = [await sampleMemory(pid, w.httpPort, 0)];
  const every = Math.max(1, Math.floor(o.commands / 20));
  let answered = 0;
  let done = 0;
  let quarter: Promise<HeapCounts> | null = null;
  const start = performance.now();
  await pool(o.commands, o.concurrency, async (i) => {
    const r = await slash(w, 100 + i, names[i % names.length] as string).catch(() => null);
    if (r) answered++;
    done++;
    if (done % every === 0) {
      const s = await sampleMemory(pid, w.httpPort, done);
      samples.push(s);
      if (o.snapshots && kind === "encore" && !quarter && done >= o.commands / 4) quarter = snapshotCounts(w.bot);
      const heap =
        s.heapLiveMb === null
          ? ""
          : ` (live heap ${s.heapLiveMb}, young ${s.youngCommittedMb}, heap committed ${s.heapCommittedMb}, outside heap ${s.outsideHeapMb})`;
      progress(`soak ${kind}: ${done}/${o.commands}, RSS ${s.rssMb} MB${heap}`);
    }
  });
  const seconds = round1((performance.now() - start) / 1000);
  const heapGrowth = quarter ? countGrowth(await quarter, await snapshotCounts(w.bot)) : undefined;
  await sleep(IDLE_AFTER_MS);
  const idle = await sampleMemory(pid, w.httpPort, o.commands);
  progress(`soak ${kind}: ${IDLE_AFTER_MS / 1000} s after the last command, RSS ${idle.rssMb} MB`);
  if (heapGrowth) progress(`soak: live objects grown since a quarter of the way: ${JSON.stringify(heapGrowth)}`);
  const first = samples[0] as MemorySample;
  const mid = samples[Math.floor((samples.length - 1) / 2)] as MemorySample;
  const last = samples.at(-1) as MemorySample;
  const firstHalfGrowthMb = round1(mid.rssMb - first.rssMb);
  const secondHalfGrowthMb = round1(last.rssMb - mid.rssMb);
  const secondHalfLiveHeapGrowthMb =
    mid.heapLiveMb !== null && last.heapLiveMb !== null ? round1(last.heapLiveMb - mid.heapLiveMb) : null;
  const flat = secondHalfGrowthMb <= FLAT_SHARE * mid.rssMb;
  const live = secondHalfLiveHeapGrowthMb === null ? "" : `, live heap ${signed(secondHalfLiveHeapGrowthMb)} MB`;
  const verdict = `${kind} ${flat ? "flat" : "NOT flat"} over the second half: RSS ${signed(secondHalfGrowthMb)} MB (${round1((secondHalfGrowthMb / mid.rssMb) * 100)} % of ${mid.rssMb} MB at ${mid.commands} commands; flat is <= ${FLAT_SHARE * 100} %)${live}; first half ${signed(firstHalfGrowthMb)} MB from ${first.rssMb} MB`;
  progress(`soak: ${verdict}`);
  return {
    commands: o.commands,
    answered,
    seconds,
    rssSamplesMb: samples.map((s) => s.rssMb),
    samples,
    firstHalfGrowthMb,
    secondHalfGrowthMb,
    secondHalfLiveHeapGrowthMb,
    ...(heapGrowth ? { heapGrowth } : {}),
    flat,
    verdict,
    idle,
  };
}

export async function soak(o: SoakOptions): Promise<SoakResult> {
  progress(`soak: ${o.guilds} guilds, ${o.commands} commands`);
  let baseline: SoakRun | null = null;
  if (o.baseline ?? true) {
    const b = await world(o.guilds, {}, "baseline");
    try {
      await sleep(2000);
      baseline = await run(b, "baseline", o);
    } finally {
      await b.stop();
    }
  }
  const w = await world(o.guilds);
  try {
    const same = await identicalSearches(w);
    await sleep(2000);
    const encore = await run(w, "encore", o);
    return {
      identicalSearches: same.searches,
      identicalNodeRequests: same.nodeRequests,
      commands: encore.commands,
      answered: encore.answered,
      seconds: encore.seconds,
      rssSamplesMb: encore.rssSamplesMb,
      firstHalfGrowthMb: encore.firstHalfGrowthMb,
      secondHalfGrowthMb: encore.secondHalfGrowthMb,
      flat: encore.flat,
      verdict: baseline ? `${encore.verdict}. Same run, ${baseline.verdict}` : encore.verdict,
      ratios: baseline
        ? {
            endRss: ratio(encore.rssSamplesMb.at(-1) ?? 0, baseline.rssSamplesMb.at(-1) ?? 0),
            idleRss: ratio(encore.idle.rssMb, baseline.idle.rssMb),
          }
        : null,
      encore,
      baseline,
    };
  } finally {
    await w.stop();
  }
}
