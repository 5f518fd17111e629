/** PromQL builders for the dashboards, so that every query spells ranges, selectors and quantiles the same way. */

/** Grafana's range for rate(): at least four scrape intervals, so a rate always has enough samples. */
export const RATE_INTERVAL = "$__rate_interval";

/** `metric{m1, m2}` from label matchers written as PromQL (`api=~"$api"`). */
export function series(metric: string, ...matchers: readonly string[]): string {
  return matchers.length === 0 ? metric : `${metric}{${matchers.join(", ")}}`;
}

export function rate(selector: string): string {
  return `rate(${selector}[${RATE_INTERVAL}])`;
}

/** `sum by (labels) (rate(selector))`: a counter as a per-second rate, per label set. */
export function sumRate(by: readonly string[], selector: string): string {
  return `sum by (${by.join(", ")}) (${rate(selector)})`;
}

/**
 * A quantile from a real histogram, aggregated over every instance before the quantile is taken (never averaged
 * afterwards). `histogram` is the metric name without `_bucket`.
 */
export function quantile(q: number, by: readonly string[], histogram: string, ...matchers: readonly string[]): string {
  return `histogram_quantile(${q}, ${sumRate(["le", ...by], series(`${histogram}_bucket`, ...matchers))})`;
}

/**
 * One series per process, not per scraped port: a process serving several APIs (`volley serve`) is scraped once per
 * port, so its process metrics come once per instance, identical. Targets labelled `process` in the scrape config
 * (dashboards/prometheus.yml labels the reference server's ports) become one series per process; a target without
 * the label stays one series per instance, so separate processes are never merged. `query` builds the expression
 * from one extra matcher and must keep the `process` and `instance` labels.
 */
export function perProcess(query: (processMatcher: string) => string): string {
  const named = query(`process!=""`);
  const unnamed = `label_replace(${query(`process=""`)}, "process", "$1", "instance", "(.*)")`;
  return `max by (process) (${named} or ${unnamed})`;
}
