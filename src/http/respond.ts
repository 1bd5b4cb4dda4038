import type { IncomingMessage, ServerResponse } from 'node:http';
import { writeResponse } from './write-response.ts';

/** Content type of JSON responses. */
export const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Writes a whole response at once, with `cache-control: no-store`: status
 * and headers only when the body is ready (HEAD gets the headers and no
 * body). Nothing is written to a response that is already sent or whose
 * client has gone.
 */
export function respond(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  writeResponse(req, res, status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    ...headers,
  }, body);
}

/** A short JSON error body, never a stack. */
export function respondError(req: IncomingMessage, res: ServerResponse, status: number, error: string, headers: Record<string, string> = {}): void {
  respond(req, res, status, JSON_TYPE, JSON.stringify({ error }), headers);
}
