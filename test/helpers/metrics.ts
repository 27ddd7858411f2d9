import parsePrometheusTextFormat, { type MetricFamily } from "parse-prometheus-text-format";

export type { MetricFamily };

export interface ParsedMetrics {
  /** Families as declared (name, help, TYPE), from the parser. */
  readonly families: Map<string, MetricFamily>;
  /**
   * The value of the one sample of `name` whose labels include `labels`; undefined when there is none. Histogram
   * series are addressed by their sample names (`x_bucket`, `x_sum`, `x_count`).
   */
  sample(name: string, labels?: Record<string, string>): number | undefined;
}

/**
 * Parses a Prometheus text exposition with parse-prometheus-text-format (a port of the Prometheus Python client's
 * parser; it throws on malformed lines). That parser folds a histogram's series into one when the histogram has
 * labels besides `le`, so samples are read from a second parse in which histogram families are declared untyped:
 * each of `_bucket`, `_sum` and `_count` is then a family of its own, with its labels.
 */
export function parseMetrics(text: string): ParsedMetrics {
  const families = new Map(parsePrometheusTextFormat(text).map((f) => [f.name, f]));
  const flat = new Map(
    parsePrometheusTextFormat(text.replace(/^(# TYPE \S+) histogram$/gm, "$1 untyped")).map((f) => [f.name, f]),
  );
  return {
    families,
    sample(name, labels = {}) {
      const found = flat.get(name)?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
      return found?.value === undefined ? undefined : Number(found.value);
    },
  };
}
