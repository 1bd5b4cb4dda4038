import type { IncomingMessage, ServerResponse } from 'node:http';
import { CompressibleBody, respondBody } from '../http/compressible-body.ts';
import type { Snapshot } from './types.ts';

/**
 * A plain `(req, res)` handler that serves a snapshot as JSON. GET and HEAD
 * only (405 with `Allow` otherwise). The status is set only once the
 * snapshot has been computed and serialised; a failure answers 500 with a
 * short JSON error and never a stack. Gzip when the client accepts it
 * (src/http/compressible-body.ts): requests that share a snapshot share its
 * serialisation and its compression.
 */
export function createSnapshotHandler(snapshot: () => Promise<Snapshot>): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      respond(req, res, 405, JSON_TYPE, JSON.stringify({ error: 'method not allowed' }), { allow: 'GET, HEAD' });
      return;
    }
    snapshot().then(
      (snap) => respondBody(req, res, 200, JSON_TYPE, serialised(snap)),
      () => respond(req, res, 500, JSON_TYPE, JSON.stringify({ error: 'snapshot failed' })),
    );
  };
}

const bodies = new WeakMap<Snapshot, CompressibleBody>();

/** The JSON of a snapshot, serialised (and compressed) once however many requests share it. */
function serialised(snap: Snapshot): CompressibleBody {
  let body = bodies.get(snap);
  if (body === undefined) {
    body = new CompressibleBody(JSON.stringify(snap));
    bodies.set(snap, body);
  }
  return body;
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
