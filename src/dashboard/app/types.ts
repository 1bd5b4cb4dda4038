/**
 * The dashboard app's contract: what the browser script keeps between polls
 * and what its pure modules hand to the page layer (./page/). The data it
 * shows is typed by the library's own {@link Snapshot}, so renaming a
 * snapshot field fails the app's type check (`npm run typecheck`).
 */
import type { Snapshot } from '../../aggregate/types.ts';
import type { HistoryRange, MetricsHistory } from '../../history/types.ts';

export type { HistoryRange, MetricsHistory, Snapshot };

/** One point of the sparklines: a step of `/parsec/metrics/history`, or a poll. */
export interface HistoryPoint {
  /** When the figures were taken, in milliseconds since the epoch (the server's clock: the history's timestamp, the snapshot's `at`). */
  t: number;
  /** `envelopes.rate_per_second` (0 when absent). */
  rate: number;
  /** `cache.hit_rate_pct` (0 when absent). */
  hit: number;
  /** `tokens.active_count` (0 when absent). */
  active: number;
  /** Whether the point came from a poll (a later poll in the same step replaces it) rather than from the history. */
  polled: boolean;
}

/** What the sparklines span: one of the ranges `/parsec/metrics/history` serves. */
export interface TrendRange {
  /** The range's name, as `?range=` takes it. */
  range: HistoryRange;
  /** How far back the sparklines reach, in milliseconds. */
  rangeMs: number;
  /** The history's step: polls closer than this to the point before are merged into one point, in milliseconds. */
  stepMs: number;
  /** The switch's label. */
  label: string;
}

/** What one request of `/parsec/metrics/history` brought; it never fails the page (no history: polls only). */
export type HistoryOutcome =
  | { kind: 'points'; points: HistoryPoint[] }
  | { kind: 'unauthorized' }
  | { kind: 'unavailable'; reason: string };

/** A {@link HistoryPoint} figure a sparkline draws. */
export type HistoryField = 'rate' | 'hit' | 'active';

/** The page's connection state, shown as the status dot (`data-state`). */
export type StatusKind = 'connecting' | 'live' | 'stale' | 'down' | 'auth';

/** The status dot's state and its label. */
export interface StatusView {
  /** The state (the status element's class and `data-state`). */
  kind: StatusKind;
  /** The label beside the dot. */
  text: string;
}

/** What one poll of `/parsec/metrics` brought (a failure is thrown as an `Error`). */
export type PollOutcome = { kind: 'unauthorized' } | { kind: 'data'; snapshot: Snapshot };

/** The stale banner after a failed poll. */
export interface FailureView {
  /** The banner's headline: since when the figures are stale, and the last error. */
  headline: string;
  /** The failure count and retry interval, after the headline. */
  detail: string;
  /** The status dot: `stale` once data was shown, `down` before. */
  status: StatusView;
}

/** One bar of a bar list. */
export interface BarRow {
  /** The label (a channel pattern, an aspect). */
  key: string;
  /** The count (0 when not a finite number). */
  value: number;
  /** The fill's CSS width, relative to the largest bar (`"100.00%"`). */
  width: string;
}

/** A bar list: the bars shown, largest first, and how many did not fit. */
export interface BarList {
  /** At most the list's limit of bars, largest first (ties by label). */
  shown: BarRow[];
  /** Bars left out. */
  hidden: number;
}

/** A sparkline drawn in a `width × height` SVG viewBox. */
export interface SparkGeometry {
  /** The polyline's `points` (`"x,y x,y …"`, one per history point). */
  line: string;
  /** The filled area's `points` under the line, or undefined with fewer than two points. */
  area: string | undefined;
  /** History points drawn. */
  count: number;
  /** Smallest value drawn (`Infinity` when none). */
  low: number;
  /** Largest value drawn (`-Infinity` when none). */
  high: number;
  /** Seconds from the first point to the last, rounded (0 with fewer than two points). */
  spanSeconds: number;
}
