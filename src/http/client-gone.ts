import type { IncomingMessage, ServerResponse } from 'node:http';

/** Whether nobody can read an answer to `req` any more: its connection is gone, or the response is already over. */
export function clientGone(req: IncomingMessage, res: ServerResponse): boolean {
  return res.destroyed || res.writableEnded || req.socket?.destroyed === true;
}
