import type { HistoryPoint, HistoryRange, MetricsHistory } from './types.ts';

/** The geometry of one history range. */
export interface RangeSpec {
  readonly range: HistoryRange;
  /** Time between points, in milliseconds. */
  readonly stepMs: number;
  /** Points kept (and served at most). */
  readonly points: number;
}

/** Points per range: 60 steps of 5 s, 60 steps of 60 s. */
export const HISTORY_POINTS = 60;

/** The ranges, by name. */
export const HISTORY_RANGES: Readonly<Record<HistoryRange, RangeSpec>> = Object.freeze({
  '5m': Object.freeze({ range: '5m', stepMs: 5_000, points: HISTORY_POINTS }),
  '1h': Object.freeze({ range: '1h', stepMs: 60_000, points: HISTORY_POINTS }),
});

/** The range a request asks for when it names none. */
export const DEFAULT_HISTORY_RANGE: HistoryRange = '5m';

/** Whether a string names a range. */
export function isHistoryRange(value: string): value is HistoryRange {
  return Object.hasOwn(HISTORY_RANGES, value);
}

/** The JSON of a range with its series. */
export function historyOf(spec: RangeSpec, series: Record<string, HistoryPoint[]>): MetricsHistory {
  return { range_seconds: (spec.stepMs * spec.points) / 1000, step_seconds: spec.stepMs / 1000, series };
}
