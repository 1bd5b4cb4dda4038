import type { Test } from 'tap';
import type { Snapshot, Telemetry } from '../../src/index.ts';
import { EnvelopeCounters, observeCache, TokenCounters } from '../../src/index.ts';
import { hasMetric, type MetricsRequest } from '../fixtures/otlp-receiver.ts';
import { fetchText } from './http.ts';

/** What both OTLP receivers (HTTP and gRPC, in test/fixtures/) offer for this round trip. */
export interface RoundTripReceiver {
  waitForExport(predicate: (request: MetricsRequest) => boolean): Promise<unknown>;
  latestSum(name: string, attributes?: Record<string, string>): number | undefined;
}

/** The same events pushed, sampled and scraped. */
export interface RoundTrip {
  snap: Snapshot;
  /** The `/metrics` text. */
  prom: string;
}

/**
 * Records a fixed set of events (two aspects, issued tokens, a cache), forces
 * an export and waits for the receiver to get it, then takes a snapshot and
 * `/metrics`, so a test can hold the three against each other.
 */
export async function pushRecordedEvents(telemetry: Telemetry, receiver: RoundTripReceiver): Promise<RoundTrip> {
  const server = await telemetry.listen({ port: 0 });
  const envelopes = new EnvelopeCounters(telemetry.meter);
  envelopes.observe('chat', 12);
  envelopes.observe('typing', 5);
  new TokenCounters(telemetry.meter).issued(3);
  observeCache(telemetry.meter, () => ({ hits: 30, misses: 10, evictions: 2, sizeBytes: 4096, entries: 8 }));
  const pushed = receiver.waitForExport(hasMetric('parsec.envelopes.published'));
  await telemetry.meterProvider.forceFlush();
  await pushed;
  const snap = await telemetry.snapshot();
  const prom = (await fetchText(`${server.url}/metrics`)).body;
  return { snap, prom };
}

/** What every protocol's round trip must show: the receiver, the snapshot and `/metrics` agree on the envelopes and tokens pushRecordedEvents recorded. */
export function checkRecordedEvents(t: Test, receiver: RoundTripReceiver, { snap, prom }: RoundTrip): void {
  t.equal(receiver.latestSum('parsec.envelopes.published', { 'parsec.aspect': 'chat' }), 12);
  t.equal(receiver.latestSum('parsec.envelopes.published', { 'parsec.aspect': 'typing' }), 5);
  t.same(snap.envelopes.by_aspect, { chat: 12, typing: 5 });
  t.match(prom, /parsec_envelopes_published_total\{[^}]*parsec_aspect="chat"[^}]*\} 12/);
  t.equal(receiver.latestSum('parsec.tokens.issued'), 3);
  t.equal(snap.tokens.issued_last_hour, 3);
}
