import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Writes a whole response at once: status and headers only when the body is
 * ready (HEAD gets the headers and no body).
 */
export function respond(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

export const JSON_TYPE = 'application/json; charset=utf-8';

/** A short JSON error body, never a stack. */
export function respondError(req: IncomingMessage, res: ServerResponse, status: number, error: string, headers: Record<string, string> = {}): void {
  respond(req, res, status, JSON_TYPE, JSON.stringify({ error }), headers);
}
