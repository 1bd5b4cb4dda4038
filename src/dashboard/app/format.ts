/**
 * How the dashboard writes figures: numbers in `en-US` style, bytes in
 * binary units, durations in s/min/h, clock times as `HH:MM:SS` (the
 * browser's local time). An absent value reads `—`.
 */

const decimalFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });
const oneDecimalFormat = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const upToOneDecimalFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/** `1234.5678` → `1,234.568`. */
export function decimal(v: number): string {
  return decimalFormat.format(v);
}

/** `12.5` → `12.5 %`. */
export function percent(v: number): string {
  return `${decimal(v)} %`;
}

/** `3145728` → `3.0 MiB`; under 1 KiB in whole bytes. */
export function bytes(v: unknown): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '—';
  let i = 0;
  let n = v;
  while (Math.abs(n) >= 1024 && i < BYTE_UNITS.length - 1) {
    n /= 1024;
    i += 1;
  }
  return `${i === 0 ? decimal(n) : oneDecimalFormat.format(n)} ${BYTE_UNITS[i]}`;
}

/** Seconds as `45 s`, `2.5 min` (from 90 s) or `1 h` (from an hour). */
export function duration(seconds: unknown): string {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) return '—';
  if (seconds < 90) return `${upToOneDecimalFormat.format(seconds)} s`;
  if (seconds < 3600) return `${upToOneDecimalFormat.format(seconds / 60)} min`;
  return `${upToOneDecimalFormat.format(seconds / 3600)} h`;
}

/** Milliseconds since the epoch as the local `HH:MM:SS`. */
export function clock(ms: number): string {
  const d = new Date(ms);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

/**
 * A figure's text: a finite number through `format`, an absent value as `—`,
 * an object or array as its JSON (its own `toString` is never called: a reply
 * may carry `{"toString": 0}`), anything else as its string.
 */
export function show(v: unknown, format: (n: number) => string): string {
  if (typeof v === 'number' && Number.isFinite(v)) return format(v);
  return v === undefined || v === null ? '—' : raw(v);
}

/** A figure's `data-value` attribute: the value as sent (JSON for an object, empty when absent). */
export function raw(v: unknown): string {
  if (v === undefined || v === null) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}
