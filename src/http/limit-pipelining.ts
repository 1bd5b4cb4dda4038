import type { Socket } from 'node:net';
import { respondError } from './respond.ts';
import type { Handler } from './types.ts';

/** Most requests one connection may have unanswered at once (pipelined); one more is refused. */
export const MAX_PIPELINED_REQUESTS = 16;

/**
 * Bounds pipelining: a connection may have at most `max` requests
 * unanswered at once. The next one gets `503 {"error":"too many pipelined
 * requests"}` with `Connection: close`, and the connection closes after
 * it; requests already sent behind it are dropped unanswered. Clients that
 * wait for each answer (Prometheus, browsers, curl) are never refused.
 */
export function limitPipelining(handler: Handler, max: number = MAX_PIPELINED_REQUESTS): Handler {
  // Unanswered requests per connection; -1 once the connection was refused.
  const pending = new WeakMap<Socket, number>();
  return (req, res) => {
    const socket = req.socket;
    const n = pending.get(socket) ?? 0;
    if (n < 0) return;
    if (n >= max) {
      pending.set(socket, -1);
      respondError(req, res, 503, 'too many pipelined requests', { connection: 'close' });
      return;
    }
    pending.set(socket, n + 1);
    res.once('finish', () => {
      const m = pending.get(socket) as number;
      if (m > 0) pending.set(socket, m - 1);
    });
    handler(req, res);
  };
}
