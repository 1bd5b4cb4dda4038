/** How often the page polls and how long one poll may take. */

/** Poll interval without `?interval=`, in milliseconds. */
export const DEFAULT_INTERVAL_MS = 2000;

/** The poll interval from the page's query string (`?interval=<ms>`), rounded and clamped to 100 ms–60 s. */
export function pollIntervalMs(search: string): number {
  const raw = new URLSearchParams(search).get('interval');
  const n = raw === null || raw === '' ? NaN : Number(raw);
  if (!Number.isFinite(n)) return DEFAULT_INTERVAL_MS;
  return Math.min(60_000, Math.max(100, Math.round(n)));
}

/** How long one poll may take before it is abandoned: three intervals, within 1–10 s. */
export function pollTimeoutMs(intervalMs: number): number {
  return Math.min(10_000, Math.max(1000, intervalMs * 3));
}
