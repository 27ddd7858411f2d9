import type { CommandOutcome } from "../commands/pipeline.ts";
import type { StatsSnapshot } from "../ops/stats.ts";

export interface AppMetricsOptions {
  readonly version: string;
  /** The figures, read once per scrape (the same snapshot `/stats` shows). */
  readonly stats: () => StatsSnapshot;
  /** Process and Node.js runtime metrics (on by default; tests with many apps in one process may skip them). */
  readonly defaultMetrics?: boolean;
}

export interface AppMetrics {
  /** The exposition format's content type (valid once `render` resolved). */
  readonly contentType: string;
  /** Records one command run; `seconds` is absent for commands refused before they ran (rate limit). */
  commandDone(command: string, outcome: CommandOutcome, seconds?: number): void;
  render(): Promise<string>;
}

export interface LazyAppMetrics extends AppMetrics {
  /** Loads prom-client and builds the registry (once); `render` does it too when it comes first. */
  load(): Promise<void>;
}

/** Commands recorded before the registry exists are held until it does, at most this many. */
const MAX_PENDING = 10_000;

/**
 * Encore's Prometheus metrics (see prom-metrics.ts), with prom-client loaded when the app asks for it (after it is
 * ready) or at the first scrape, not while Encore starts: nothing before ready needs it. Commands answered in
 * between are recorded as soon as the registry exists.
 */
export function createAppMetrics(opts: AppMetricsOptions): LazyAppMetrics {
  let built: AppMetrics | null = null;
  let loading: Promise<void> | null = null;
  const pending: [string, CommandOutcome, number | undefined][] = [];
  const load = () => {
    loading ??= import("./prom-metrics.ts").then(({ createPromMetrics }) => {
      const metrics = createPromMetrics(opts);
      for (const [command, outcome, seconds] of pending) metrics.commandDone(command, outcome, seconds);
      pending.length = 0;
      built = metrics;
    });
    return loading;
  };
  return {
    get contentType() {
      return built?.contentType ?? "text/plain; version=0.0.4; charset=utf-8";
    },
    load,
    commandDone(command, outcome, seconds) {
      if (built) built.commandDone(command, outcome, seconds);
      else if (pending.length < MAX_PENDING) pending.push([command, outcome, seconds]);
    },
    async render() {
      await load();
      return (built as unknown as AppMetrics).render();
    },
  };
}
