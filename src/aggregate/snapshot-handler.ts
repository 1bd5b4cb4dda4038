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
      respond(req, res, 405, JSON_TYPE, JSON.stringify({ error: 'method not allowed' }), { allow: 'GET, HEAD' });
      return;
    }
    snapshot().then(
      (snap) => respond(req, res, 200, JSON_TYPE, serialised(snap)),
      () => respond(req, res, 500, JSON_TYPE, JSON.stringify({ error: 'snapshot failed' })),
    );
  };
}

const texts = new WeakMap<Snapshot, string>();

/** The JSON of a snapshot, serialised once however many requests share it. */
function serialised(snap: Snapshot): string {
  let text = texts.get(snap);
  if (text === undefined) {
    text = JSON.stringify(snap);
    texts.set(snap, text);
  }
  return text;
}

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
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}
