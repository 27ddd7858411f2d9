/** A minimal Prometheus text renderer: gauges and counters with labels, computed on scrape. */
export interface MetricSample {
  readonly name: string;
  readonly help: string;
  readonly type: "gauge" | "counter";
  readonly values: readonly { readonly labels?: Record<string, string>; readonly value: number }[];
}

const escapeLabel = (v: string) => v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");

export function renderMetrics(samples: readonly MetricSample[]): string {
  const out: string[] = [];
  for (const m of samples) {
    out.push(`# HELP ${m.name} ${m.help}`, `# TYPE ${m.name} ${m.type}`);
    for (const v of m.values) {
      const labels = v.labels
        ? `{${Object.entries(v.labels)
            .map(([k, val]) => `${k}="${escapeLabel(val)}"`)
            .join(",")}}`
        : "";
      out.push(`${m.name}${labels} ${Number.isFinite(v.value) ? v.value : 0}`);
    }
  }
  return `${out.join("\n")}\n`;
}

/** Counts by label set; used for command outcomes and similar events. */
export class CounterSet {
  private readonly counts = new Map<string, { labels: Record<string, string>; value: number }>();

  inc(labels: Record<string, string>, by = 1): void {
    const key = JSON.stringify(labels);
    const entry = this.counts.get(key);
    if (entry) entry.value += by;
    else this.counts.set(key, { labels, value: by });
  }

  values(): { labels: Record<string, string>; value: number }[] {
    return [...this.counts.values()];
  }
}
