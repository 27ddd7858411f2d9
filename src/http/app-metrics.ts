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
  /** Whether the registry exists. */
  readonly loaded: boolean;
}

/** Commands recorded before the registry exists are held until it does, at most this many. */
export const MAX_PENDING_COMMANDS = 10_000;

/**
 * Encore's Prometheus metrics (see prom-metrics.ts), with prom-client (and the OpenTelemetry API it brings, about
 * 80 modules and 2 MB) loaded at the first scrape: a bot nobody scrapes never loads it. Commands answered before are
 * held and counted once the registry exists; when half the holding room is used before any scrape, the registry is
 * built then, so no count is lost. Process and runtime metrics start at the first scrape.
 */
export function createAppMetrics(opts: AppMetricsOptions): LazyAppMetrics {
  let built: AppMetrics | null = null;
  let loading: Promise<void> | null = null;
  const pending: [string, CommandOutcome, number | undefined][] = [];
  const load = () => {
    loading ??= import("./prom-metrics.ts").then(
      ({ createPromMetrics }) => {
        const metrics = createPromMetrics(opts);
        for (const [command, outcome, seconds] of pending) metrics.commandDone(command, outcome, seconds);
        pending.length = 0;
        built = metrics;
      },
      (err: unknown) => {
        // Tried again at the next scrape (or the next full holding room).
        loading = null;
        throw err;
      },
    );
    return loading;
  };
  return {
    get contentType() {
      return built?.contentType ?? "text/plain; version=0.0.4; charset=utf-8";
    },
    load,
    get loaded() {
      return built !== null;
    },
    commandDone(command, outcome, seconds) {
      if (built) return built.commandDone(command, outcome, seconds);
      if (pending.length < MAX_PENDING_COMMANDS) pending.push([command, outcome, seconds]);
      if (pending.length >= MAX_PENDING_COMMANDS / 2 && !loading) void load().catch(() => undefined);
    },
    async render() {
      await load();
      return (built as unknown as AppMetrics).render();
    },
  };
}
