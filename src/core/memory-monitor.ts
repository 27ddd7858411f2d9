import type { CacheRegistry } from "./cache.ts";
import { type Clock, type TimerHandle, unrefTimer } from "./clock.ts";
import type { Logger } from "./logger.ts";

/** Memory figures in bytes. */
export interface MemorySample {
  heapUsed: number;
  rss: number;
  /**
   * The heap still alive: heap in use right after the latest full collection (see heap-sampler.ts). Judged when
   * `heapAfterGc` is absent; `heapUsed` (live data plus garbage not collected yet) when both are.
   */
  heapLive?: number;
  /**
   * Heap in use right after the latest collection of any kind (see heap-sampler.ts): no less than what was alive
   * then, and fresh between full collections. What the monitor judges when present.
   */
  heapAfterGc?: number;
  /** Full collections so far, when the sampler counts them: a trim shows in `heapLive` only after the next one. */
  fullCollections?: number;
}

export type MemorySampler = () => MemorySample;

export type MemoryLevel = "ok" | "soft" | "hard";

export interface MemoryMonitorOptions {
  /** Live JS heap Encore's caches may grow into, in bytes. */
  budgetBytes: number;
  /** Fraction of the budget from which caches are trimmed a little at each check. Default 0.8. */
  softRatio: number;
  /** Fraction of the budget at which caches are emptied. Default 0.95. */
  hardRatio: number;
  /** Milliseconds between samples once started. Default 30000. */
  intervalMs: number;
}

export interface MemoryMonitorDeps {
  sampler: MemorySampler;
  clock: Clock;
  caches: CacheRegistry;
  logger: Logger;
}

const DEFAULTS = { softRatio: 0.8, hardRatio: 0.95, intervalMs: 30_000 };

const RANK: Record<MemoryLevel, number> = { ok: 0, soft: 1, hard: 2 };

/** Share of each cache's entries a check drops at the bottom and at the top of the soft band. */
export const TRIM_MIN = 0.1;
export const TRIM_MAX = 0.5;

/**
 * The heap figure the monitor judges: the heap in use after the latest collection of any kind when the sampler
 * knows it, else the live heap after the latest full collection, else the heap in use.
 *
 * Why not the live heap alone: it is only read after full collections, and while a flood fills the caches V8 runs
 * those rarely, so the reading lags by however much the caches grew since; the caches overshoot the budget before
 * the monitor sees it. Why not the heap in use at the check: it also holds the young garbage every request leaves,
 * up to the size of the young generation. Right after any collection the young garbage is gone and what is left is
 * everything alive plus garbage already promoted: an upper bound of the live heap, at most a few MB of allocation old.
 */
export function judgedHeap(sample: MemorySample): number {
  return sample.heapAfterGc ?? sample.heapLive ?? sample.heapUsed;
}

/**
 * What one check does at `ratio` (judged heap / budget): the fraction of every cache to drop (0: nothing, 1: empty).
 * - below the soft line: nothing;
 * - in the soft band: a share growing linearly from TRIM_MIN at the soft line to TRIM_MAX at the hard line, but
 *   nothing while the last trim cannot have shown yet (`waiting`): trimming again on a stale reading would empty
 *   the caches step by step;
 * - at or above the hard line: everything when `mayEmpty`, else TRIM_MAX like the top of the soft band.
 */
export function trimFraction(
  ratio: number,
  opts: Pick<MemoryMonitorOptions, "softRatio" | "hardRatio">,
  waiting: boolean,
  mayEmpty = true,
): number {
  if (ratio >= opts.hardRatio && mayEmpty) return 1;
  if (ratio < opts.softRatio || waiting) return 0;
  const band = opts.hardRatio - opts.softRatio;
  const depth = band > 0 ? (ratio - opts.softRatio) / band : 1;
  return TRIM_MIN + (TRIM_MAX - TRIM_MIN) * Math.min(1, Math.max(0, depth));
}

/**
 * Samples memory and trims the registered caches when the JS heap nears its budget. The caches live in the JS
 * heap, so the heap is what they are judged by: RSS also holds Node itself, compiled code and heap V8 keeps
 * committed after a burst, none of which emptying a cache gives back (it is sampled and logged, not acted on). And
 * the heap after a collection rather than at the check (see {@link judgedHeap}): young garbage not collected yet is
 * V8's to reclaim, not the caches' fault.
 *
 * - Below `softRatio` × budget nothing is trimmed.
 * - Between the soft and hard lines a check drops the least recently used 10–50 % of every cache (more the closer
 *   to the hard line), then waits until the trim can show: a full collection since (when the sampler counts them),
 *   else a heap no lower than at that trim.
 * - At `hardRatio` × budget every check empties the caches when the live heap itself is there: the process is close
 *   to its limit. When only the judged figure is (garbage already promoted counts in it), it trims like the top of
 *   the soft band, once per full collection.
 * - A level change is logged once: a warn when going up, an info when coming down.
 *
 * It never forces garbage collection.
 */
export class MemoryMonitor {
  private readonly opts: MemoryMonitorOptions;
  private readonly deps: MemoryMonitorDeps;
  private currentLevel: MemoryLevel;
  private sample: MemorySample | undefined;
  private timer: TimerHandle | undefined;
  /** The sample at the last trim; null when no trim is waiting to show. */
  private atTrim: MemorySample | null;

  /** @throws RangeError when the budget is not positive or 0 < softRatio <= hardRatio does not hold */
  constructor(
    opts: Pick<MemoryMonitorOptions, "budgetBytes"> & Partial<MemoryMonitorOptions>,
    deps: MemoryMonitorDeps,
  ) {
    const merged: MemoryMonitorOptions = {
      budgetBytes: opts.budgetBytes,
      softRatio: opts.softRatio ?? DEFAULTS.softRatio,
      hardRatio: opts.hardRatio ?? DEFAULTS.hardRatio,
      intervalMs: opts.intervalMs ?? DEFAULTS.intervalMs,
    };
    if (!(merged.budgetBytes > 0)) throw new RangeError("budgetBytes must be > 0");
    if (!(merged.softRatio > 0 && merged.softRatio <= merged.hardRatio)) {
      throw new RangeError("memory ratios must satisfy 0 < softRatio <= hardRatio");
    }
    if (!(merged.intervalMs > 0)) throw new RangeError("intervalMs must be > 0");
    this.opts = merged;
    this.deps = deps;
    this.currentLevel = "ok";
    this.sample = undefined;
    this.timer = undefined;
    this.atTrim = null;
  }

  /** Level found by the last check ("ok" before the first). */
  get level(): MemoryLevel {
    return this.currentLevel;
  }

  /** The last sample taken, for metrics; undefined before the first check. */
  get lastSample(): MemorySample | undefined {
    return this.sample;
  }

  get budgetBytes(): number {
    return this.opts.budgetBytes;
  }

  /** Starts periodic checks on an unref'd interval. Calling it again while running does nothing. */
  start(): void {
    if (this.timer) return;
    this.timer = unrefTimer(this.deps.clock.setInterval(() => this.tick(), this.opts.intervalMs));
  }

  stop(): void {
    if (!this.timer) return;
    this.deps.clock.clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * Takes one sample, trims caches as the policy says, logs a level change, and returns the new level.
   * @throws whatever the sampler throws (the periodic timer logs it instead)
   */
  check(): MemoryLevel {
    const sample = this.deps.sampler();
    this.sample = sample;
    const judged = judgedHeap(sample);
    const ratio = judged / this.opts.budgetBytes;
    const level: MemoryLevel = ratio >= this.opts.hardRatio ? "hard" : ratio >= this.opts.softRatio ? "soft" : "ok";
    const previous = this.currentLevel;
    this.currentLevel = level;

    if (level === "ok") this.atTrim = null;
    // Emptying the caches takes the live heap itself at the hard line: the heap after a young collection also
    // counts promoted garbage, so over the hard line it only trims like the top of the soft band.
    const live = sample.heapLive ?? sample.heapUsed;
    const mayEmpty = live / this.opts.budgetBytes >= this.opts.hardRatio;
    const fraction = trimFraction(ratio, this.opts, this.waiting(sample), mayEmpty);
    let removed = 0;
    if (fraction > 0) {
      removed = this.deps.caches.trimAll(fraction);
      this.atTrim = sample;
    }

    if (level !== previous) {
      const fields = {
        from: previous,
        to: level,
        rss: sample.rss,
        heapUsed: sample.heapUsed,
        heapLive: live,
        heapJudged: judged,
        budgetBytes: this.opts.budgetBytes,
        cacheEntriesRemoved: removed,
      };
      if (RANK[level] > RANK[previous]) this.deps.logger.warn(fields, "memory pressure rising; caches trimmed");
      else this.deps.logger.info(fields, "memory pressure easing");
    }
    return level;
  }

  /** Whether the last trim cannot have shown in this sample yet. */
  private waiting(sample: MemorySample): boolean {
    const last = this.atTrim;
    if (!last) return false;
    if (sample.fullCollections !== undefined && last.fullCollections !== undefined) {
      return sample.fullCollections === last.fullCollections;
    }
    return judgedHeap(sample) < judgedHeap(last);
  }

  private tick(): void {
    try {
      this.check();
    } catch (err) {
      this.deps.logger.error({ err }, "memory check failed");
    }
  }
}
