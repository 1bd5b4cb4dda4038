import { describeError } from '../diag/describe-value.ts';

/** Longest error message a snapshot repeats; longer ones are cut there and end with `…`. */
export const MAX_ERROR_MESSAGE_LENGTH = 512;

/** `text`, cut to `max` characters (the last one `…`) when longer. */
export function clip(text: string, max: number = MAX_ERROR_MESSAGE_LENGTH): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * What a thrown value says, for the snapshot's `errors`: a thrown string as
 * it is, anything else as src/diag/describe-value.ts describes it (an
 * Error's own message; never user code run, never a throw), at most
 * {@link MAX_ERROR_MESSAGE_LENGTH} characters.
 */
export function describeSourceError(err: unknown): string {
  return clip(typeof err === 'string' ? err : describeError(err, MAX_ERROR_MESSAGE_LENGTH));
}
