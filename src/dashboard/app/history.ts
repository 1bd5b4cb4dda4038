/** The poll history behind the sparklines: one point per successful poll, the last five minutes at most. */
import { numberOr, section } from './snapshot-fields.ts';
import type { HistoryPoint, Snapshot } from './types.ts';

/** How far back the sparklines reach, in milliseconds. */
export const HISTORY_MS = 5 * 60 * 1000;

/** Points kept at most (five minutes at the fastest interval, 100 ms, would be 3 000). */
export const MAX_POINTS = 1500;

/** Appends the snapshot's figures at `nowMs` to `history` (in place) and drops points older than {@link HISTORY_MS} or beyond {@link MAX_POINTS}. */
export function recordPoint(history: HistoryPoint[], s: Snapshot, nowMs: number): void {
  history.push({
    t: nowMs,
    rate: numberOr(section(s, 'envelopes').rate_per_second, 0),
    hit: numberOr(section(s, 'cache').hit_rate_pct, 0),
    active: numberOr(section(s, 'tokens').active_count, 0),
  });
  while (history.length > MAX_POINTS || (history[0] !== undefined && history[0].t < nowMs - HISTORY_MS)) history.shift();
}
