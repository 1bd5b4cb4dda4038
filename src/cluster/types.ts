/** Options of {@link PrometheusSource}. Only `url` is required. */
export interface PrometheusSourceOptions {
  /**
   * Base URL of a Prometheus-compatible HTTP API (Prometheus, Thanos Query,
   * Mimir, VictoriaMetrics…), e.g. `http://127.0.0.1:9090`; the source
   * queries `<url>/api/v1/query`, so a path prefix is kept
   * (`http://mimir:8080/prometheus`). http or https, without credentials in
   * the URL (pass an `authorization` header in {@link headers} instead).
   */
  url: string;
  /** Name of the source in the snapshot's `errors`. Default `prometheus`. */
  name?: string;
  /**
   * Time one PromQL query may take, in milliseconds, over the whole HTTP
   * exchange; also sent to Prometheus as the query's own `timeout`. Default 2 000.
   * The aggregator's `sourceTimeoutMs` should be longer, or it gives up first.
   */
  queryTimeoutMs?: number;
  /**
   * Length of the rate window, in milliseconds (written as a PromQL duration,
   * e.g. `1m`). Envelope rate, `by_aspect`, hits, misses and hit rates cover
   * it. At least 1 000; make it at least 4 scrape intervals, since `increase()`
   * needs two samples in range. Default 60 000.
   */
  rateWindowMs?: number;
  /**
   * Length of the count window, in milliseconds (e.g. `1h`): `issued_last_hour`,
   * `revoked_last_hour`, `evictions_last_hour`. At least `rateWindowMs`. Default 3 600 000.
   */
  countWindowMs?: number;
  /**
   * PromQL label matchers added to every selector, to pick one cluster out of
   * a shared store, e.g. `job="parsec"` or `env="prod",region=~"eu-.*"`.
   * Default none: every `parsec_*` series counts.
   */
  matchers?: string;
  /**
   * Labels that tell one node from another, for `nodes`. Default
   * `["job", "instance"]` (a scrape target). Behind an OpenTelemetry
   * Collector, use e.g. `["service_name", "service_instance_id"]`.
   */
  nodeLabels?: readonly string[];
  /** Extra request headers, e.g. `authorization` or Mimir's `x-scope-orgid`. Never logged. */
  headers?: Readonly<Record<string, string>>;
  /**
   * Most keys per map (`by_aspect`, `by_pattern`, the cache's backends), as
   * the local reader's option of the same name caps series: the largest are
   * kept, the rest summed into `_other`. Default 1 000.
   */
  maxSeriesPerInstrument?: number;
}

/** {@link PrometheusSourceOptions} after defaults and validation. */
export interface ResolvedPrometheusSourceOptions {
  /** Base URL, always ending with `/`. */
  readonly url: string;
  readonly name: string;
  readonly queryTimeoutMs: number;
  readonly rateWindowMs: number;
  readonly countWindowMs: number;
  /** The matchers, trimmed; `''` when none. */
  readonly matchers: string;
  readonly nodeLabels: readonly string[];
  readonly headers: Readonly<Record<string, string>>;
  readonly maxSeriesPerInstrument: number;
}

/** One element of an instant vector: its labels and its value. */
export interface Sample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** One series of a range query's matrix: its labels and its `[unix_seconds, value]` pairs. */
export interface RangeSeries {
  readonly labels: Readonly<Record<string, string>>;
  readonly values: readonly (readonly [number, number])[];
}
