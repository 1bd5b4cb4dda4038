/**
 * Reading a snapshot defensively: the page shows whatever part of a
 * {@link Snapshot} arrived (a section missing from a reply reads as empty,
 * a non-number as absent) and never throws on an odd body.
 */
import type { Snapshot } from './types.ts';

/** The snapshot's sections that are objects of figures. */
export type SectionName = 'channels' | 'envelopes' | 'presence' | 'history' | 'tokens' | 'cache';

/** Whether `v` is a plain object (not null, not an array). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A section of the snapshot, or an empty one when the reply has none. */
export function section<K extends SectionName>(s: Snapshot, name: K): Partial<Snapshot[K]> {
  const value: unknown = s[name];
  return isObject(value) ? (value as Partial<Snapshot[K]>) : {};
}

/** `v` when it is a finite number, else `fallback`. */
export function numberOr(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

/**
 * The parsed body of `/parsec/metrics` as a snapshot: it must be an object
 * with an `envelopes` object (every parsec snapshot has one).
 *
 * @throws Error `the response is not a parsec snapshot` otherwise.
 */
export function asSnapshot(data: unknown): Snapshot {
  if (!isObject(data) || !isObject(data.envelopes)) throw new Error('the response is not a parsec snapshot');
  return data as unknown as Snapshot;
}
