import { recorderDiag } from '../diag/throttled-diag.ts';

/** Longest attribute value kept; longer values are truncated to it. */
export const MAX_LABEL_LENGTH = 128;

/** The value recorded in place of an attribute value that is not a non-empty string. */
export const INVALID_LABEL = '_invalid';

// Control characters (C0, DEL, C1) are replaced: they break log lines and text exposition.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * Turns whatever a component passed as an attribute value (aspect, pattern,
 * backend) into a safe label: non-strings and empty strings become
 * `_invalid`, control characters become `_`, and values longer than
 * {@link MAX_LABEL_LENGTH} are truncated. Any change logs one throttled
 * diagnostic. The event itself is kept, so no count is lost.
 */
export function sanitizeLabel(what: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) {
    recorderDiag.warn(`invalid:${what}`, `${what} must be a non-empty string; recorded as "${INVALID_LABEL}"`);
    return INVALID_LABEL;
  }
  let out = value;
  if (out.length > MAX_LABEL_LENGTH) {
    out = out.slice(0, MAX_LABEL_LENGTH);
    recorderDiag.warn(`long:${what}`, `${what} longer than ${MAX_LABEL_LENGTH} characters was truncated`);
  }
  CONTROL.lastIndex = 0;
  if (CONTROL.test(out)) {
    out = out.replace(CONTROL, '_');
    recorderDiag.warn(`control:${what}`, `${what} with control characters was sanitised`);
  }
  return out;
}

/**
 * The label {@link sanitizeLabel} makes of a string, without its
 * diagnostic: for values that come from elsewhere (a Prometheus answer),
 * where one message per odd value would say nothing useful.
 */
export function cleanLabel(value: string): string {
  if (value.length === 0) return INVALID_LABEL;
  const out = value.length > MAX_LABEL_LENGTH ? value.slice(0, MAX_LABEL_LENGTH) : value;
  return out.replace(CONTROL, '_');
}

/** Whether `count` is a count the recorders accept: a safe integer ≥ 0. */
export function isValidCount(count: unknown): count is number {
  return Number.isSafeInteger(count) && (count as number) >= 0;
}

/** Logs (throttled) that a count was dropped. */
export function dropCount(what: string, count: unknown): void {
  recorderDiag.warn(`count:${what}`, `${what}: dropped count ${String(count)} (counts must be integers >= 0)`);
}

/** A reading field (gauge or cumulative counter) is usable when finite and ≥ 0. */
export function isValidReading(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
