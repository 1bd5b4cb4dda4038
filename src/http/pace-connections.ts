import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { PacedConnection, type PacingOptions } from './paced-connection.ts';

/**
 * Makes `server` parse each connection through a {@link PacedConnection}:
 * its own 'connection' listeners (Node's HTTP one, registered by
 * `createServer`) get the paced connection instead of the socket, and each
 * request counts as unanswered on it until its response has finished.
 * The server itself still listens, so `address()`, `close()`, `ref()`,
 * timeouts and `closeAllConnections()` are as without it. Call it right
 * after creating the server; 'connection' listeners added later see the
 * sockets. An https server runs its HTTP listener on 'secureConnection':
 * with that `event` the decrypted TLS sockets are paced the same way.
 */
export function paceConnections(server: Server, options: PacingOptions, event: 'connection' | 'secureConnection' = 'connection'): void {
  const http = server.listeners(event) as ((this: Server, connection: PacedConnection) => void)[];
  server.removeAllListeners(event);
  server.on(event, (socket: Socket) => {
    const paced = new PacedConnection(socket, options);
    for (const listener of http) listener.call(server, paced);
  });
  server.prependListener('request', (req, res) => (req.socket as unknown as PacedConnection).track(res));
}
