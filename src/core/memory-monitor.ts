import type { CacheRegistry } from "./cache.ts";
import { type Clock, type TimerHandle, unrefTimer } from "./clock.ts";
import type { Logger } from "./logger.ts";

/** Memory figures in bytes. */
export interface MemorySample {
  heapUsed: number;
  rss: number;
}

export type MemorySampler = () => MemorySample;

export type MemoryLevel = "ok" | "soft" | "hard";

export const defaultMemorySampler: MemorySampler = () => {
  const usage = process.memoryUsage();
  return { heapUsed: usage.heapUsed, rss: usage.rss };
};

export interface MemoryMonitorOptions {
  /** Memory the process may use, in bytes (e.g. the container limit minus headroom). */
  budgetBytes: number;
  /** Fraction of the budget at which caches are trimmed (soft sweep). Default 0.8. */
  softRatio: number;
  /** Fraction of the budget at which caches are emptied (hard sweep). Default 0.95. */
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

/**
 * Samples memory and shrinks the registered caches when the process nears its budget. The usage compared is the
 * larger of RSS and heapUsed.
 *
 * - Entering "soft" (from "ok") runs one soft sweep. Staying at "soft" does not sweep again: RSS often stays high
 *   after memory is freed, and halving caches every tick would only destroy their hit rate.
 * - At "hard" every check runs a hard sweep (empties caches), since the process is close to being killed.
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
   * Takes one sample, sweeps caches as the level requires, logs a level change, and returns the new level.
   * @throws whatever the sampler throws (the periodic timer logs it instead)
   */
  check(): MemoryLevel {
    const sample = this.deps.sampler();
    this.sample = sample;
    const used = Math.max(sample.rss, sample.heapUsed);
    const ratio = used / this.opts.budgetBytes;
    const level: MemoryLevel = ratio >= this.opts.hardRatio ? "hard" : ratio >= this.opts.softRatio ? "soft" : "ok";
    const previous = this.currentLevel;
    this.currentLevel = level;

    let removed = 0;
    if (level === "hard") removed = this.deps.caches.sweepAll("hard");
    else if (level === "soft" && previous === "ok") removed = this.deps.caches.sweepAll("soft");

    if (level !== previous) {
      const fields = {
        from: previous,
        to: level,
        rss: sample.rss,
        heapUsed: sample.heapUsed,
        budgetBytes: this.opts.budgetBytes,
        cacheEntriesRemoved: removed,
      };
      if (RANK[level] > RANK[previous]) this.deps.logger.warn(fields, "memory pressure rising; caches swept");
      else this.deps.logger.info(fields, "memory pressure easing");
    }
    return level;
  }

  private tick(): void {
    try {
      this.check();
    } catch (err) {
      this.deps.logger.error({ err }, "memory check failed");
    }
  }
}
