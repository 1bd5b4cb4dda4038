import type { PacedConnection } from './paced-connection.ts';
import { respondError } from './respond.ts';
import type { Handler } from './types.ts';

/** Most requests one connection may have unanswered at once (pipelined); one more is refused. */
export const MAX_PIPELINED_REQUESTS = 16;

/** What {@link limitPipelining} reads of a connection: {@link PacedConnection.unanswered}. */
type CountedConnection = Pick<PacedConnection, 'unanswered'>;

/**
 * Bounds pipelining: a connection may have at most `max` requests
 * unanswered at once. The next one gets `503 {"error":"too many pipelined
 * requests"}` with `Connection: close`, and the connection closes after
 * it; requests already sent behind it are dropped unanswered. Clients that
 * wait for each answer (Prometheus, browsers, curl) are never refused.
 * The count is the paced connection's own (src/http/pace-connections.ts,
 * which `listen()` sets up beside this), so there is one count per
 * connection, not two.
 */
export function limitPipelining(handler: Handler, max: number = MAX_PIPELINED_REQUESTS): Handler {
  const refused = new WeakSet<CountedConnection>();
  return (req, res) => {
    const connection = req.socket as unknown as CountedConnection;
    if (refused.has(connection)) return;
    // `unanswered` counts this request too.
    if (connection.unanswered > max) {
      refused.add(connection);
      respondError(req, res, 503, 'too many pipelined requests', { connection: 'close' });
      return;
    }
    handler(req, res);
  };
}
