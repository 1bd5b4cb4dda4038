import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Snapshot } from './types.ts';

/**
 * A plain `(req, res)` handler that serves a snapshot as JSON. GET and HEAD
 * only (405 with `Allow` otherwise). The status is set only once the
 * snapshot has been computed and serialised; a failure answers 500 with a
 * short JSON error and never a stack.
 */
export function createSnapshotHandler(snapshot: () => Promise<Snapshot>): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(res, req, 405, { error: 'method not allowed' }, { allow: 'GET, HEAD' });
      return;
    }
    snapshot().then(
      (snap) => sendJson(res, req, 200, snap),
      () => sendJson(res, req, 500, { error: 'snapshot failed' }),
    );
  };
}

/** Writes a JSON response (no body for HEAD) with `cache-control: no-store`. */
export function sendJson(
  res: ServerResponse,
  req: IncomingMessage,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(req.method === 'HEAD' ? undefined : text);
}
