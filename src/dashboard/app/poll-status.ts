/**
 * The page's state after each poll, as text: live with the snapshot's time,
 * stale (data was shown) or down (never had data) after a failure, waiting
 * for a token after a 401.
 */
import { clock, duration } from './format.ts';
import type { FailureView, StatusView } from './types.ts';

/** The status dot before the first answer, and after a token is entered. */
export const CONNECTING: StatusView = { kind: 'connecting', text: 'connecting…' };

/** The status dot after a successful poll. */
export const LIVE: StatusView = { kind: 'live', text: 'live' };

/** The status dot while the page waits for a token. */
export const AUTH: StatusView = { kind: 'auth', text: 'token required' };

/** The "updated" line: the snapshot's own time (`at`), or when it was received if `at` does not parse. */
export function updatedText(at: unknown, receivedMs: number): string {
  const ms = typeof at === 'string' ? Date.parse(at) : NaN;
  return Number.isFinite(ms) ? `snapshot at ${clock(ms)}` : `snapshot received ${clock(receivedMs)}`;
}

/**
 * The banner after `failures` failed polls in a row.
 *
 * @param lastOkMs when the last poll succeeded (0: never)
 */
export function failureView(lastOkMs: number, failures: number, message: string, intervalMs: number): FailureView {
  return {
    headline: lastOkMs ? `Stale since ${clock(lastOkMs)} — last error: ${message}` : `No data yet — last error: ${message}`,
    detail: ` (${failures} failed ${failures === 1 ? 'poll' : 'polls'}, retrying every ${duration(intervalMs / 1000)})`,
    status: lastOkMs ? { kind: 'stale', text: 'stale' } : { kind: 'down', text: 'no data' },
  };
}

/** What the token form says after a 401: the token was refused, or the server needs one. */
export function tokenPrompt(refused: boolean): string {
  return refused ? 'The token was refused. Enter it again.' : 'This server needs a bearer token to show its metrics.';
}

/** Whether `value` can be a bearer token: one word of visible ASCII. */
export function isToken(value: string): boolean {
  return /^[\x21-\x7E]+$/.test(value);
}

/** What the token form says about a value that {@link isToken} refuses. */
export const MALFORMED_TOKEN = 'A token is one word of visible ASCII characters.';
