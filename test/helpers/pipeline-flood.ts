import { connect, type Socket } from 'node:net';
import { request } from 'node:http';

/** What one flood cost, seen from a client. */
export interface FloodResult {
  /** Milliseconds from sending the flood until `/healthz` (asked right after it, on its own connection) answered. */
  healthzMs: number;
  /** Bytes the server sent back on the flood's connections by then. */
  bytesBack: number;
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/**
 * Opens `sockets` connections, sends `perSocket` pipelined `GET path` on
 * each in one write, then asks `/healthz` and times its answer. The flood's
 * connections are closed afterwards, and the server is given the time to
 * finish what it still does for them (a second `/healthz` waits for it).
 */
export async function pipelineFlood(port: number, path: string, sockets: number, perSocket: number, timeoutMs = 10_000): Promise<FloodResult> {
  const payload = `GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`.repeat(perSocket);
  const conns: Socket[] = [];
  for (let i = 0; i < sockets; i++) conns.push(await open(port));
  let bytesBack = 0;
  for (const c of conns) {
    c.on('data', (d: Buffer) => (bytesBack += d.length));
    c.on('error', () => undefined); // the server may cut a flooding connection off
  }
  const start = performance.now();
  for (const c of conns) c.write(payload);
  await healthz(port, timeoutMs);
  const healthzMs = performance.now() - start;
  const result = { healthzMs, bytesBack };
  for (const c of conns) c.destroy();
  await healthz(port, timeoutMs);
  return result;
}

/** One `GET /healthz` on a connection of its own; resolves when the answer is in. */
function healthz(port: number, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/healthz', agent: false }, (res) => {
      res.resume();
      res.on('end', resolve);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer from /healthz within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}
