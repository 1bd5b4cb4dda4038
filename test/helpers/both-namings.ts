// One demo node served in both namings Prometheus meets: its own /metrics
// (direct scrape) and the same text renamed as the OpenTelemetry Collector's
// Prometheus exporter names it (test/dashboard/collector-exposition.ts), on a
// second loopback port. A snapshot source that always fails makes the
// source-error self-metric have a series too.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DemoNode } from '../../src/demo/demo-node.ts';
import { createTelemetry } from '../../src/index.ts';
import { toCollectorForm } from '../dashboard/collector-exposition.ts';
import { fetchText } from './http.ts';

/** What the helper needs of a tap test: a place to close things. */
interface Teardown {
  teardown(fn: () => unknown): void;
}

export interface BothNamings {
  /** `host:port` of each form, to put in a scrape config. */
  targets: { direct: string; collector: string };
  /** The demo node recording into the telemetry. */
  demo: DemoNode;
}

/** Starts the node and both forms; everything is closed at the end of `t`. */
export async function nodeInBothNamings(t: Teardown, options: { seed: number; snapshotPerScrape?: boolean }): Promise<BothNamings> {
  const telemetry = createTelemetry({
    env: {}, otlp: false,
    sources: [{ name: 'broken', envelopes: () => { throw new Error('down'); } }],
  });
  const demo = new DemoNode(telemetry.meter, { ratePerSecond: 200, seed: options.seed }).start();
  const node = await telemetry.listen({ port: 0 });
  t.teardown(async () => {
    demo.close();
    await telemetry.shutdown();
  });
  await telemetry.snapshot();
  const collector = createServer((_req, res) => {
    // With snapshotPerScrape, each scrape of the Collector form takes a snapshot first, so the broken source keeps failing.
    const before = options.snapshotPerScrape === true ? telemetry.snapshot() : Promise.resolve();
    before.then(() => fetchText(`${node.url}/metrics`)).then(
      (reply) => res.writeHead(reply.status, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(toCollectorForm(reply.body)),
      () => res.writeHead(502).end(),
    );
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise((resolve) => collector.close(resolve)));
  return { demo, targets: { direct: `127.0.0.1:${node.port}`, collector: `127.0.0.1:${(collector.address() as AddressInfo).port}` } };
}
