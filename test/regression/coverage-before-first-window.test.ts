// Bug: during the first window, never-written slot metadata (index -1,
// cover start 0) fell inside the window's slot range, so a reader whose
// clock did not start at 0 (performance.now() never does) reported its
// coverage as measured from clock time 0: 1 s of sampling showed as 11 s,
// and the first minute's rates were too low.
import t from 'tap';
import { createTelemetry, EnvelopeCounters } from '../../src/index.ts';

t.test('coverage counts from the reader start, not from clock time 0', async (t) => {
  // A reader whose clock reads 10 s at start.
  let now = 10_000;
  const telemetry = createTelemetry({ clock: () => now, sampleIntervalMs: 0 });
  t.teardown(() => telemetry.shutdown());
  const envelopes = new EnvelopeCounters(telemetry.meter);
  envelopes.observe('chat', 10);
  now = 11_000;
  const snap = await telemetry.snapshot();
  t.equal(snap.window?.rate_covered_seconds, 1);
  t.equal(snap.envelopes.rate_per_second, 10);
});
