// Bug: with views one SDK storage serves every reader, and each collection
// stashes its result for every other reader until that reader collects.
// Snapshots collect; a Prometheus exporter nobody scrapes never does, so
// every snapshot grew the heap for good (~5 MB/s under load, measured).
import t from 'tap';
import { createTelemetry, EnvelopeCounters } from '../../src/index.ts';
import { DRAIN_EVERY_SAMPLES } from '../../src/telemetry/collection-drain.ts';
import { settledHeap } from '../helpers/gc.ts';

t.test('thousands of snapshots without a scrape do not grow the heap', async (t) => {
  const telemetry = createTelemetry({ sampleIntervalMs: 0, env: {} });
  t.teardown(() => telemetry.shutdown());
  const envelopes = new EnvelopeCounters(telemetry.meter);
  for (let i = 0; i < 500; i++) envelopes.observe(`aspect-${i}`);
  for (let i = 0; i < 200; i++) await telemetry.snapshot();
  const before = settledHeap();
  for (let i = 0; i < 1000; i++) {
    envelopes.observe(`aspect-${i % 500}`);
    await telemetry.snapshot();
  }
  const growth = settledHeap() - before;
  t.ok(growth < 2 * 1024 * 1024, `heap grew ${(growth / 1024).toFixed(0)} KB over 1000 snapshots (drained every ${DRAIN_EVERY_SAMPLES} samples)`);
});
