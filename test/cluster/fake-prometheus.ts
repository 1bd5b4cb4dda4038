import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake answers to one query: a status and a body, or `'hang'` to never answer. */
export type FakeAnswer = { status?: number; body: string } | 'hang';

/** One request the fake received. */
export interface FakeRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  params: URLSearchParams;
}

/** A Prometheus HTTP API stand-in on 127.0.0.1 (ephemeral port). */
export interface FakePrometheus {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  requests: FakeRequest[];
  close(): Promise<void>;
}

/** A successful instant-vector answer. */
export function vector(...items: [Record<string, string>, number | string][]): FakeAnswer {
  const result = items.map(([metric, value]) => ({ metric, value: [1_700_000_000, String(value)] }));
  return { body: JSON.stringify({ status: 'success', data: { resultType: 'vector', result } }) };
}

/** Starts a fake whose answers come from `answer(query)`. Hanging requests are destroyed on close. */
export async function fakePrometheus(answer: (query: string, req: FakeRequest) => FakeAnswer): Promise<FakePrometheus> {
  const requests: FakeRequest[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const params = new URLSearchParams(req.method === 'POST' ? body : url.search);
      const request = { method: req.method ?? '', path: url.pathname, headers: req.headers, params };
      requests.push(request);
      const a = answer(params.get('query') ?? '', request);
      if (a === 'hang') return;
      res.writeHead(a.status ?? 200, { 'content-type': 'application/json' });
      res.end(a.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback URL nothing listens on: a port just released by a server of our own. */
export async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
