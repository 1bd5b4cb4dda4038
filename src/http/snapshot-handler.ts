import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Snapshot } from '../aggregate/types.ts';
import { TurnBudget } from '../timing/turn-budget.ts';
import { allowMethods } from './allow-methods.ts';
import { CompressibleBody, respondBody } from './compressible-body.ts';
import { JSON_TYPE, respondError } from './respond.ts';
import type { Handler } from './types.ts';

/** Methods the snapshot is served to. */
export const SNAPSHOT_METHODS: readonly string[] = Object.freeze(['GET', 'HEAD']);

/**
 * A plain `(req, res)` handler that serves a snapshot as JSON, to mount
 * alone: GET and HEAD only (405 with `Allow` otherwise), then
 * {@link serveSnapshot}. Behind the router, whose routes check their
 * methods, mount {@link serveSnapshot} itself.
 */
export function createSnapshotHandler(snapshot: () => Promise<Snapshot>): Handler {
  const serve = serveSnapshot(snapshot);
  return (req, res) => {
    if (allowMethods(req, res, SNAPSHOT_METHODS)) serve(req, res);
  };
}

/**
 * Serves a snapshot as JSON, whatever the method. The status is set only
 * once the snapshot has been computed and serialised; a failure answers 500
 * with a short JSON error and never a stack. Gzip when the client accepts
 * it (src/http/compressible-body.ts): requests that share a snapshot share
 * its serialisation and its compression.
 */
export function serveSnapshot(snapshot: () => Promise<Snapshot>): Handler {
  return (req: IncomingMessage, res: ServerResponse) => {
    // A snapshot that took long is large: serialised in a turn after the one that computed it.
    const budget = new TurnBudget();
    snapshot().then(
      async (snap) => {
        await budget.check();
        return respondBody(req, res, 200, JSON_TYPE, serialised(snap));
      },
      () => respondError(req, res, 500, 'snapshot failed'),
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
