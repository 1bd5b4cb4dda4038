/**
 * Sparkline scaling: the history drawn into a fixed SVG viewBox, time on x
 * (first point at 0, last at the right edge), the value range seen on y
 * with a 12 % margin; a flat series is drawn across the middle.
 */
import { decimal, duration } from './format.ts';
import type { HistoryField, HistoryPoint, SparkGeometry } from './types.ts';

/** The viewBox width. */
export const SPARK_WIDTH = 300;

/** The viewBox height. */
export const SPARK_HEIGHT = 56;

/** Seconds from the first point to the last, rounded (0 with fewer than two points). */
export function spanSeconds(points: readonly HistoryPoint[]): number {
  const first = points[0];
  const last = points[points.length - 1];
  return first !== undefined && last !== undefined && points.length > 1 ? Math.round((last.t - first.t) / 1000) : 0;
}

/** The polyline and area of `field` over `points`. */
export function sparkGeometry(points: readonly HistoryPoint[], field: HistoryField): SparkGeometry {
  const values = points.map((p) => p[field]);
  const low = Math.min(...values, Infinity);
  const high = Math.max(...values, -Infinity);
  const pad = (high - low) * 0.12;
  const bottom = low - pad;
  const range = high - low + 2 * pad;
  const t0 = points[0]?.t ?? 0;
  const dt = (points[points.length - 1]?.t ?? 0) - t0;
  const coords = points.map((p) => {
    const x = dt > 0 ? ((p.t - t0) / dt) * SPARK_WIDTH : SPARK_WIDTH;
    const y = range > 0 ? SPARK_HEIGHT - 2 - ((p[field] - bottom) / range) * (SPARK_HEIGHT - 4) : SPARK_HEIGHT / 2;
    return `${x.toFixed(1)},${y.toFixed(1)}`;
  });
  const line = coords.join(' ');
  return {
    line,
    area: coords.length > 1 ? `0,${SPARK_HEIGHT} ${line} ${SPARK_WIDTH},${SPARK_HEIGHT}` : undefined,
    count: points.length,
    low,
    high,
    spanSeconds: spanSeconds(points),
  };
}

/** The caption under a sparkline: its span and range, or a note that the trend starts with the next poll. */
export function sparkCaption(g: SparkGeometry, unit: string): string {
  if (g.count < 2) return 'the trend starts with the next poll';
  return `last ${duration(g.spanSeconds)} · min ${decimal(g.low)}${unit} · max ${decimal(g.high)}${unit}`;
}
