/**
 * The contract of the metrics history (`GET /parsec/metrics/history`): the
 * ranges served, the JSON shape, and what answers it (the local
 * {@link ReaderHistory} over a WindowedReader, or a cluster source such as
 * PrometheusSource with range queries).
 */

/** The ranges served: the last 5 minutes in 5 s steps, the last hour in 60 s steps. */
export type HistoryRange = '5m' | '1h';

/** One point of a series: `[unix_ms, value]`. */
export type HistoryPoint = [number, number];

/** The JSON of `GET /parsec/metrics/history`. */
export interface MetricsHistory {
  /** Length of the range, in seconds (300 or 3 600). */
  range_seconds: number;
  /** Time between points, in seconds (5 or 60). */
  step_seconds: number;
  /**
   * One series per numeric Snapshot field, keyed by its path (`envelopes.rate_per_second`,
   * maps flattened with their key: `envelopes.by_aspect.chat`); points oldest first,
   * at most one per step, only for the steps that have one.
   */
  series: Record<string, HistoryPoint[]>;
}

/** Anything that answers the history request: the local reader's history, a cluster source. */
export interface HistoryProvider {
  /** The history over `range`; rejects when it cannot be had (the route answers 500). */
  metricsHistory(range: HistoryRange, signal?: AbortSignal): MetricsHistory | Promise<MetricsHistory>;
}

/** Options of {@link ReaderHistory}. */
export interface ReaderHistoryOptions {
  /** Wall clock in milliseconds since the epoch, for the points' timestamps. Default `Date.now`. */
  wallClock?: () => number;
  /**
   * Most keys kept per map (`envelopes.by_aspect`, `channels.by_pattern`, `cache.by_backend`) over
   * the whole hour, as the reader caps series; further keys are not recorded (one diagnostic).
   * Default: the reader's `maxSeriesPerInstrument` + 1 (its `_other` group).
   */
  maxKeysPerMap?: number;
}
