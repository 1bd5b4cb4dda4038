import type { IncomingMessage, ServerResponse } from 'node:http';
import { JSON_TYPE, respond } from '../aggregate/snapshot-handler.ts';

export { JSON_TYPE, respond };

/** A short JSON error body, never a stack. */
export function respondError(req: IncomingMessage, res: ServerResponse, status: number, error: string, headers: Record<string, string> = {}): void {
  respond(req, res, status, JSON_TYPE, JSON.stringify({ error }), headers);
}
