// What a PromQL cell returns: plain data, shared by the executor, the text fallback, the
// notebook's renderer (bundled for the browser, so nothing here may import Node modules).

export const PROMQL_MIME = 'application/vnd.incident-runbooks.promql+json';

/** One series: its labels (with `__name__` when Prometheus kept it) and its [unix seconds, value] points. */
export interface PromqlSeries {
  labels: Record<string, string>;
  /** `null` for NaN and ±Inf, which JSON cannot hold. */
  values: Array<[number, number | null]>;
}

export interface PromqlData {
  kind: 'promql';
  query: string;
  /** `matrix` for range queries; `vector`, `scalar` or `string` for instant ones. */
  resultType: 'matrix' | 'vector' | 'scalar' | 'string';
  series: PromqlSeries[];
  /** Unix seconds. An instant query has start = end and no step. */
  window: { start: number; end: number; step?: number };
  /** Where the incident began (declared, or detected when known), unix seconds: the chart's marker. */
  incidentStart?: number;
  /** Prometheus's own warnings, as it wrote them. */
  warnings?: string[];
  /** Set when the cell's `step` was widened to stay under Prometheus's point limit. */
  stepNote?: string;
}
