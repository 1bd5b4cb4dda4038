/** One reply of `/parsec/metrics` read into a {@link PollOutcome}, or an `Error` whose message the stale banner shows. */
import { asSnapshot } from './snapshot-fields.ts';
import type { PollOutcome } from './types.ts';

/**
 * Reads a reply: 401 asks for a token; any other non-2xx status throws
 * `HTTP <status>` (with the body's `error` when it is JSON); a body that is
 * not JSON or not a snapshot throws too.
 */
export async function readResponse(res: Response): Promise<PollOutcome> {
  if (res.status === 401) return { kind: 'unauthorized' };
  if (!res.ok) throw new Error(`HTTP ${res.status}${errorDetail(await res.text())}`);
  let data: unknown;
  try {
    data = await res.json();
  } catch {
    throw new Error('the response is not JSON');
  }
  return { kind: 'data', snapshot: asSnapshot(data) };
}

/** `: <error>` from an error body `{ "error": "…" }`, else nothing (the status says enough). */
export function errorDetail(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed !== null && typeof parsed === 'object' && 'error' in parsed && typeof parsed.error === 'string') return `: ${parsed.error}`;
  } catch {
    // not JSON: the status says enough
  }
  return '';
}

/** What a failed poll says: the error's message, or the thrown value as a string. */
export function messageOf(err: unknown): string {
  if (err !== null && typeof err === 'object' && 'message' in err && err.message) return String(err.message);
  return String(err);
}
