/**
 * One reply of `/parsec/metrics/history` read into sparkline points. It
 * never throws: without a usable history (an older node without the route,
 * a 404, an error, an odd body) the page draws its polls only.
 */
import { isObject } from './snapshot-fields.ts';
import type { HistoryOutcome, HistoryPoint, HistoryRange } from './types.ts';

/** How long the history may take before the page gives up on it, in milliseconds. */
export const HISTORY_TIMEOUT_MS = 10_000;

/** The series each sparkline figure is read from. */
const SERIES: readonly (readonly ['rate' | 'hit' | 'active', string])[] = [
  ['rate', 'envelopes.rate_per_second'],
  ['hit', 'cache.hit_rate_pct'],
  ['active', 'tokens.active_count'],
];

/** The history's URL, relative to `/parsec/dashboard` like the snapshot's (so it works behind a path prefix too). */
export function historyUrl(range: HistoryRange): string {
  return `metrics/history?range=${range}`;
}

/** Reads a reply: 401 asks for a token, points when the body is a history, else why there is none. */
export async function readHistory(res: Response): Promise<HistoryOutcome> {
  if (res.status === 401) return { kind: 'unauthorized' };
  if (!res.ok) return { kind: 'unavailable', reason: `HTTP ${res.status}` };
  let data: unknown;
  try {
    data = await res.json();
  } catch {
    return { kind: 'unavailable', reason: 'the response is not JSON' };
  }
  const points = historyPoints(data);
  return points === undefined ? { kind: 'unavailable', reason: 'the response is not a metrics history' } : { kind: 'points', points };
}

/**
 * The sparkline points of a history body: one per timestamp found in the
 * three series, oldest first, a figure missing at a timestamp as 0 (as a
 * poll draws it). Pairs that are not two finite numbers are skipped;
 * undefined when the body has no `series` object. Never throws.
 */
export function historyPoints(data: unknown): HistoryPoint[] | undefined {
  try {
    return pointsOf(data);
  } catch {
    return undefined;
  }
}

function pointsOf(data: unknown): HistoryPoint[] | undefined {
  if (!isObject(data) || !isObject(data.series)) return undefined;
  const series = data.series;
  const byTime = new Map<number, HistoryPoint>();
  for (const [field, path] of SERIES) {
    const pairs = Object.hasOwn(series, path) ? series[path] : undefined;
    if (!Array.isArray(pairs)) continue;
    for (const pair of pairs as unknown[]) {
      if (!Array.isArray(pair)) continue;
      const t: unknown = pair[0];
      const value: unknown = pair[1];
      if (!finite(t) || !finite(value)) continue;
      let point = byTime.get(t);
      if (point === undefined) {
        point = { t, rate: 0, hit: 0, active: 0, polled: false };
        byTime.set(t, point);
      }
      point[field] = value;
    }
  }
  return [...byTime.values()].sort((a, b) => a.t - b.t);
}

function finite(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}
