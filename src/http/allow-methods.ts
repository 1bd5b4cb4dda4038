import type { IncomingMessage, ServerResponse } from 'node:http';
import { respondError } from './respond.ts';

/**
 * The one method check: true when the request's method is one of
 * `methods`; otherwise answers 405 with `Allow` and returns false. The
 * router (src/http/router.ts) runs it for every route; a handler mounted
 * alone runs it itself (src/http/snapshot-handler.ts).
 */
export function allowMethods(req: IncomingMessage, res: ServerResponse, methods: readonly string[]): boolean {
  if (methods.includes(String(req.method))) return true;
  respondError(req, res, 405, 'method not allowed', { allow: methods.join(', ') });
  return false;
}
