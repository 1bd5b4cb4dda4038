import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkNumber, checkObject, checkString } from '../errors/validate.ts';
import { InvalidOptionError } from '../errors/errors.ts';
import type { Handler, ListenOptions, TelemetryServer } from './types.ts';

/** Server timeouts: slow or idle clients cannot hold sockets for long. */
export const SERVER_TIMEOUTS = Object.freeze({
  /** Time to receive a request's headers, in milliseconds. */
  headersTimeoutMs: 10_000,
  /** Time to receive a whole request, in milliseconds. */
  requestTimeoutMs: 15_000,
  /** Idle keep-alive time, in milliseconds. */
  keepAliveTimeoutMs: 5_000,
  /** Largest request header block, in bytes. */
  maxHeaderSizeBytes: 16 * 1024,
});

/** Resolves listen options (defaults: 127.0.0.1, port 9464). */
export function resolveListenOptions(options: ListenOptions | undefined): { host: string; port: number } {
  const o = checkObject('options', options) as ListenOptions;
  const host = o.host === undefined ? '127.0.0.1' : checkString('host', o.host);
  const port = o.port === undefined ? 9464 : checkNumber('port', o.port, 0);
  if (port > 65535) throw new InvalidOptionError('port', 'an integer from 0 to 65535', port);
  return { host, port };
}

/** Starts a `node:http` server for `handler`. The server is unref()'d. */
export async function listen(handler: Handler, options?: ListenOptions): Promise<TelemetryServer> {
  const { host, port } = resolveListenOptions(options);
  const server: Server = createServer({ maxHeaderSize: SERVER_TIMEOUTS.maxHeaderSizeBytes }, handler);
  server.headersTimeout = SERVER_TIMEOUTS.headersTimeoutMs;
  server.requestTimeout = SERVER_TIMEOUTS.requestTimeoutMs;
  server.keepAliveTimeout = SERVER_TIMEOUTS.keepAliveTimeoutMs;
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
    url: `http://${shownHost}:${address.port}`,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // In-flight responses get a moment to finish; then every socket goes.
        setTimeout(() => server.closeAllConnections(), 1_000).unref();
      })),
  };
}
