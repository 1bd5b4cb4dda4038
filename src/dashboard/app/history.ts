/**
 * The points behind the sparklines: the history the server serves
 * (`/parsec/metrics/history`), then the page's own polls appended after it,
 * one point per history step at most, over the range the switch chose.
 */
import { numberOr, section } from './snapshot-fields.ts';
import type { HistoryPoint, HistoryRange, Snapshot, TrendRange } from './types.ts';

/** The ranges of the switch, as `/parsec/metrics/history` serves them (src/history/ranges.ts). */
export const TREND_RANGES: Readonly<Record<HistoryRange, TrendRange>> = Object.freeze({
  '5m': Object.freeze({ range: '5m', rangeMs: 5 * 60_000, stepMs: 5_000, label: '5 min' }),
  '1h': Object.freeze({ range: '1h', rangeMs: 60 * 60_000, stepMs: 60_000, label: '1 h' }),
});

/** The range a freshly opened page shows. */
export const DEFAULT_RANGE: HistoryRange = '5m';

/** Points kept at most (a range holds 60 history steps and a point per step after them). */
export const MAX_POINTS = 1500;

/** The point of one poll: stamped with the snapshot's `at` (the clock the history uses), or `receivedMs` when `at` does not parse. */
export function pollPoint(s: Snapshot, receivedMs: number): HistoryPoint {
  const at: unknown = s.at;
  const ms = typeof at === 'string' ? Date.parse(at) : NaN;
  return {
    t: Number.isFinite(ms) ? ms : receivedMs,
    rate: numberOr(section(s, 'envelopes').rate_per_second, 0),
    hit: numberOr(section(s, 'cache').hit_rate_pct, 0),
    active: numberOr(section(s, 'tokens').active_count, 0),
    polled: true,
  };
}

/**
 * Appends `p` to `points` (in place): a point not newer than the last one
 * is a duplicate (a poll the history already holds, or the same snapshot
 * twice) and is dropped, unless it is older by more than the range (the
 * server's clock stepped back: the line starts again); a polled point
 * closer than a step to the point before the last replaces the last polled
 * one. Points older than the range, or beyond {@link MAX_POINTS}, go.
 */
export function appendPoint(points: HistoryPoint[], p: HistoryPoint, range: TrendRange): void {
  const last = points[points.length - 1];
  if (last !== undefined && p.t <= last.t) {
    if (p.t >= last.t - range.rangeMs) return;
    points.length = 0;
  }
  const before = points[points.length - 2];
  if (last !== undefined && last.polled && before !== undefined && p.t - before.t < range.stepMs) points[points.length - 1] = p;
  else points.push(p);
  while (points.length > MAX_POINTS || (points[0] !== undefined && points[0].t < p.t - range.rangeMs)) points.shift();
}

/** Appends the snapshot's figures to `points` (in place), as {@link appendPoint} does. */
export function recordPoint(points: HistoryPoint[], s: Snapshot, receivedMs: number, range: TrendRange): void {
  appendPoint(points, pollPoint(s, receivedMs), range);
}

/** The sparkline after a history arrived: its points, then those of `current` (polls) newer than the history's last. */
export function mergeHistory(history: readonly HistoryPoint[], current: readonly HistoryPoint[], range: TrendRange): HistoryPoint[] {
  const out: HistoryPoint[] = [];
  for (const p of history) appendPoint(out, p, range);
  const newest = out[out.length - 1]?.t ?? -Infinity;
  for (const p of current) if (p.t > newest) appendPoint(out, p, range);
  return out;
}

/** The points of `points` within `range` of the newest one (what the sparkline shows after the switch, until the range's history arrives). */
export function withinRange(points: readonly HistoryPoint[], range: TrendRange): HistoryPoint[] {
  return mergeHistory([], points, range);
}
