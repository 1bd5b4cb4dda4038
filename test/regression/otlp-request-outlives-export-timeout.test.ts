// Bug: the OTLP exporter was created without `timeoutMillis`, so its HTTP
// request kept the exporter's own 10 s default whatever the export timeout
// said: against a hanging collector, a request stayed open (and kept the
// process alive) for 10 s after shutdown had given up.
import t from 'tap';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTelemetry, TokenCounters } from '../../src/index.ts';

t.test('a hanging collector request is abandoned within the export timeout', async (t) => {
  let arrived: (req: IncomingMessage) => void = () => {};
  const request = new Promise<IncomingMessage>((resolve) => (arrived = resolve));
  const collector = createServer((req) => arrived(req)); // never answers
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  t.teardown(() => {
    collector.closeAllConnections();
    collector.close();
  });
  const port = (collector.address() as AddressInfo).port;
  const telemetry = createTelemetry({
    sampleIntervalMs: 0, env: {}, shutdownTimeoutMs: 200,
    otlp: { endpoint: `http://127.0.0.1:${port}/v1/metrics`, exportIntervalMs: 60_000, exportTimeoutMs: 500 },
  });
  new TokenCounters(telemetry.meter).issued();
  const shutdown = telemetry.shutdown();
  const req = await request;
  const closedAt = new Promise<number>((resolve) => req.socket.once('close', () => resolve(performance.now())));
  const sentAt = performance.now();
  await shutdown;
  const held = (await closedAt) - sentAt;
  t.ok(held < 3_000, `the request was closed after ${Math.round(held)} ms, not 10 s`);
});
