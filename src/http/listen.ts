import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { checkNumber, checkObject, checkString } from '../errors/validate.ts';
import { InvalidOptionError } from '../errors/errors.ts';
import { limitPipelining, MAX_PIPELINED_REQUESTS } from './limit-pipelining.ts';
import { paceConnections } from './pace-connections.ts';
import { resolveTls, type ResolvedTls } from './tls-context.ts';
import type { Handler, ListenOptions, TelemetryServer } from './types.ts';

/** Server defaults: loopback, and timeouts so slow or idle clients cannot hold sockets for long. */
export const SERVER_DEFAULTS = Object.freeze({
  host: '127.0.0.1',
  port: 9464,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 15_000,
  keepAliveTimeoutMs: 5_000,
  /** Largest request header block, in bytes (larger gets 431). */
  maxHeaderSizeBytes: 16 * 1024,
  /** Most received bytes the HTTP parser is given at once (src/http/paced-connection.ts). */
  parseSliceBytes: 1024,
});

/** Listen options after defaults. */
export type ResolvedListenOptions = Required<Omit<ListenOptions, 'tls'>> & { tls: ResolvedTls | undefined };

/** Resolves listen options; throws InvalidOptionError naming the first bad one. */
export function resolveListenOptions(options: ListenOptions | undefined): ResolvedListenOptions {
  const o = checkObject('options', options) as ListenOptions;
  const host = o.host === undefined ? SERVER_DEFAULTS.host : checkString('host', o.host);
  const port = o.port === undefined ? SERVER_DEFAULTS.port : checkNumber('port', o.port, 0);
  if (port > 65535) throw new InvalidOptionError('port', 'an integer from 0 to 65535', port);
  const headersTimeoutMs = o.headersTimeoutMs === undefined ? SERVER_DEFAULTS.headersTimeoutMs : checkNumber('headersTimeoutMs', o.headersTimeoutMs, 1);
  const requestTimeoutMs = o.requestTimeoutMs === undefined ? SERVER_DEFAULTS.requestTimeoutMs : checkNumber('requestTimeoutMs', o.requestTimeoutMs, 1);
  if (requestTimeoutMs < headersTimeoutMs) {
    throw new InvalidOptionError('requestTimeoutMs', `a value >= headersTimeoutMs (${headersTimeoutMs})`, requestTimeoutMs);
  }
  const keepAliveTimeoutMs = o.keepAliveTimeoutMs === undefined ? SERVER_DEFAULTS.keepAliveTimeoutMs : checkNumber('keepAliveTimeoutMs', o.keepAliveTimeoutMs, 1);
  const tls = o.tls === undefined ? undefined : resolveTls(o.tls);
  return { host, port, headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs, tls };
}

/**
 * Starts a `node:http` server for `handler` (`node:https` with `tls`),
 * pipelining bounded by {@link limitPipelining}; requests beyond the
 * unanswered ones are not even parsed yet ({@link paceConnections}), so a
 * pipelined flood costs memory for a slice of each connection, not for all
 * it sent. The server is unref()'d.
 */
export async function listen(handler: Handler, options?: ListenOptions): Promise<TelemetryServer> {
  const o = resolveListenOptions(options);
  const { host, port } = o;
  const httpOptions = {
    maxHeaderSize: SERVER_DEFAULTS.maxHeaderSizeBytes,
    headersTimeout: o.headersTimeoutMs,
    requestTimeout: o.requestTimeoutMs,
    keepAliveTimeout: o.keepAliveTimeoutMs,
    // Node checks the header and request timeouts on this period (30 s by default).
    connectionsCheckingInterval: Math.min(1_000, Math.ceil(o.headersTimeoutMs / 2)),
    // GET requests without a body skip the stream life cycle: a pipelined flood costs less before it is refused.
    optimizeEmptyRequests: true,
  };
  const tls = o.tls;
  const server: Server = tls === undefined
    ? createServer(httpOptions, limitPipelining(handler))
    : createHttpsServer({ ...httpOptions, ...tls.context, requestCert: tls.requestCert, rejectUnauthorized: tls.requestCert }, limitPipelining(handler));
  // HTTP runs on 'connection' (plain) or, behind TLS, on 'secureConnection': pace what reaches the parser there.
  paceConnections(server, { maxUnanswered: MAX_PIPELINED_REQUESTS, sliceBytes: SERVER_DEFAULTS.parseSliceBytes }, tls === undefined ? 'connection' : 'secureConnection');
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.unref();
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    server,
    host: address.address,
    port: address.port,
    url: `${tls === undefined ? 'http' : 'https'}://${shownHost}:${address.port}`,
    reloadTls(next) {
      if (tls === undefined) throw new InvalidOptionError('tls', 'a server started with tls', undefined);
      (server as unknown as HttpsServer).setSecureContext(resolveTls(next).context);
    },
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // In-flight responses get a moment to finish; then every socket goes.
        setTimeout(() => server.closeAllConnections(), 1_000).unref();
      })),
  };
}
