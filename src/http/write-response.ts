import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';

/**
 * Writes a whole response at once: status and headers as given, then the
 * body (none for HEAD, which gets the headers a GET would). Nothing is
 * written to a response that is already sent or whose client has gone.
 * Every response of the server is written here: src/http/respond.ts,
 * src/http/compressible-body.ts and src/dashboard/dashboard-routes.ts
 * build their headers and call it.
 */
export function writeResponse(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  headers: OutgoingHttpHeaders,
  body?: string | Buffer,
): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}
