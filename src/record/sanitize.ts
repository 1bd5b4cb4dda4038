import { describeValue } from '../diag/describe-value.ts';
import type { DiagSite } from '../diag/diag-site.ts';
import { recorderDiag } from '../diag/throttled-diag.ts';

/** Longest attribute value kept; longer values are truncated to it. */
export const MAX_LABEL_LENGTH = 128;

/** The value recorded in place of an attribute value that is not a non-empty string. */
export const INVALID_LABEL = '_invalid';

// Control characters (C0, DEL, C1) are replaced: they break log lines and text exposition.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

interface LabelSites {
  readonly invalid: DiagSite;
  readonly long: DiagSite;
  readonly control: DiagSite;
}

/** Diagnostic sites per kind of label (`aspect`, `channel pattern`, `cache backend`): a handful of fixed names. */
const labelSites = new Map<string, LabelSites>();

function sitesFor(what: string): LabelSites {
  let sites = labelSites.get(what);
  if (sites === undefined) {
    sites = { invalid: recorderDiag.site(), long: recorderDiag.site(), control: recorderDiag.site() };
    labelSites.set(what, sites);
  }
  return sites;
}

const invalidMessage = (what: string): string => `${what} must be a non-empty string; recorded as "${INVALID_LABEL}"`;
const longMessage = (what: string): string => `${what} longer than ${MAX_LABEL_LENGTH} characters was truncated`;
const controlMessage = (what: string): string => `${what} with control characters was sanitised`;

/**
 * Turns whatever a component passed as an attribute value (aspect, pattern,
 * backend) into a safe label: non-strings and empty strings become
 * `_invalid`, control characters become `_`, and values longer than
 * {@link MAX_LABEL_LENGTH} are truncated. Any change logs one throttled
 * diagnostic. The event itself is kept, so no count is lost.
 *
 * A truncated label is a copy that keeps nothing of the long value alive;
 * store labels through {@link keepable} all the same, since a short value
 * may itself be a slice of a long string.
 */
export function sanitizeLabel(what: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) {
    sitesFor(what).invalid.warn(invalidMessage, what);
    return INVALID_LABEL;
  }
  let out = value;
  if (out.length > MAX_LABEL_LENGTH) {
    out = keepable(out.slice(0, MAX_LABEL_LENGTH));
    sitesFor(what).long.warn(longMessage, what);
  }
  CONTROL.lastIndex = 0;
  if (CONTROL.test(out)) {
    out = out.replace(CONTROL, '_');
    sitesFor(what).control.warn(controlMessage, what);
  }
  return out;
}

/**
 * A copy of `s` that retains no other string. V8 represents `s.slice(…)` of
 * 13 characters or more as a view into its parent, so a 128-character slice
 * of a 1 MB value would keep the whole megabyte alive in a map key; joining
 * the characters builds a fresh string. Meant for short values (labels),
 * on the paths that store them.
 */
export function keepable(s: string): string {
  return s.length < 13 ? s : s.split('').join('');
}

/**
 * The key under which a raw value may be remembered beside its label, so
 * the next lookup of the same raw value skips sanitising: a string of at
 * most {@link MAX_LABEL_LENGTH} characters, kept as the label itself when
 * it is unchanged and as a copy otherwise. Undefined for a longer string or
 * a non-string, which is then sanitised on every lookup rather than kept.
 */
export function rawKey(raw: unknown, label: string): string | undefined {
  if (typeof raw !== 'string' || raw.length > MAX_LABEL_LENGTH) return undefined;
  return raw === label ? label : keepable(raw);
}

/**
 * The label {@link sanitizeLabel} makes of a string, without its
 * diagnostic: for values that come from elsewhere (a Prometheus answer),
 * where one message per odd value would say nothing useful.
 */
export function cleanLabel(value: string): string {
  if (value.length === 0) return INVALID_LABEL;
  const out = value.length > MAX_LABEL_LENGTH ? keepable(value.slice(0, MAX_LABEL_LENGTH)) : value;
  return out.replace(CONTROL, '_');
}

/** Whether `count` is a count the recorders accept: a safe integer ≥ 0. */
export function isValidCount(count: unknown): count is number {
  return Number.isSafeInteger(count) && (count as number) >= 0;
}

/** A reading field (gauge or cumulative counter) is usable when finite and ≥ 0. */
export function isValidReading(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/**
 * The drop of a bad count of one kind (`envelope count`, `tokens issued`),
 * logged at most once a minute. A dropped count that is not logged costs a
 * decrement: nothing is formatted, and a huge array is never stringified.
 */
export function countDropper(what: string): (count: unknown) => void {
  const site = recorderDiag.site();
  const format = (count: unknown): string => `${what}: dropped count ${describeValue(count)} (counts must be integers >= 0)`;
  return (count) => {
    site.warn(format, count);
  };
}
