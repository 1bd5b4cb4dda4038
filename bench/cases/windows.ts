// Case 9: exact windows. On an injected clock (simulated time: the case
// takes a second or two), the full configuration records at a steady rate
// and the snapshot's windowed figures are compared with the exact count of
// the last 60 s / 3 600 s, with snapshots at several offsets into a slot.
//   envelopes  6 envelopes/s for 10 min (3 every 500 ms, a sample each),
//              snapshots 0, 0.5, …, 4.5 s into a 5 s slot: by_aspect.chat
//              and rate_per_second
//   hour       2 tokens issued, 1 revoked and 3 cache evictions per second for
//              2 h (a sample each second), snapshots at 5 000 s, 5 437 s,
//              5 821 s: tokens.issued_last_hour, revoked_last_hour,
//              cache.evictions_last_hour
// The figure is the largest relative error of each field; target ≤ 1 %.
// test/regression/exact-windows.test.ts checks the same in the suite.

import { createTelemetry, EnvelopeCounters, observeCache, TokenCounters } from '../../src/index.ts';
import { fig, report, target, type Row } from '../harness.ts';

function run(): Promise<Record<string, number>> {
  let now = 0;
  const telemetry = createTelemetry({ clock: () => now, sampleIntervalMs: 0, env: {}, otlp: false });
  const log: [number, number][] = [];
  const since = (from: number): number => log.reduce((s, [at, n]) => (at >= from ? s + n : s), 0);
  const worst: Record<string, number> = { by_aspect: 0, rate_per_second: 0, issued_last_hour: 0, revoked_last_hour: 0, evictions_last_hour: 0 };
  const note = (field: string, measured: number, exact: number): void => {
    worst[field] = Math.max(worst[field] as number, Math.abs(measured - exact) / exact);
  };
  return (async () => {
    const envelopes = new EnvelopeCounters(telemetry.meter);
    for (let k = 0; k < 10; k++) {
      const until = 600_000 + k * 5_500;
      while (now < until) {
        envelopes.observe('chat', 3);
        log.push([now, 3]);
        now += 500;
        await telemetry.reader.sample();
      }
      const snap = await telemetry.snapshot();
      note('by_aspect', snap.envelopes.by_aspect?.chat ?? 0, since(now - 60_000));
      note('rate_per_second', snap.envelopes.rate_per_second, 6);
    }
    await telemetry.shutdown();

    now = 0;
    log.length = 0;
    const hourly = createTelemetry({ clock: () => now, sampleIntervalMs: 0, env: {}, otlp: false });
    const tokens = new TokenCounters(hourly.meter);
    let evictions = 0;
    observeCache(hourly.meter, () => ({ hits: 0, misses: 0, evictions, sizeBytes: 0, entries: 0 }));
    for (const untilS of [5_000, 5_437, 5_821]) {
      while (now < untilS * 1000) {
        tokens.issued(2);
        tokens.revoked(1);
        evictions += 3;
        log.push([now, 1]);
        now += 1000;
        await hourly.reader.sample();
      }
      const snap = await hourly.snapshot();
      const exact = since(now - 3_600_000);
      note('issued_last_hour', snap.tokens.issued_last_hour, 2 * exact);
      note('revoked_last_hour', snap.tokens.revoked_last_hour, exact);
      note('evictions_last_hour', snap.cache.evictions_last_hour, 3 * exact);
    }
    await hourly.shutdown();
    return worst;
  })();
}

const worst = await run();
const names: Record<string, string> = {
  by_aspect: 'envelopes.by_aspect.chat vs the last 60 s',
  rate_per_second: 'envelopes.rate_per_second vs the steady rate',
  issued_last_hour: 'tokens.issued_last_hour vs the last 3 600 s',
  revoked_last_hour: 'tokens.revoked_last_hour vs the last 3 600 s',
  evictions_last_hour: 'cache.evictions_last_hour vs the last 3 600 s',
};
const rows: Row[] = Object.entries(worst).map(([k, v]) => ({ id: k, name: `largest error, ${names[k]}`, unit: '%', median: fig(v * 100) }));
report({
  case: 'windows',
  title: '9. Exact windows at a steady rate (injected clock)',
  rows,
  ratios: [],
  targets: Object.entries(worst).map(([k, v]) => target(`${k} within 1 % of the exact count`, fig(v * 100), '<=', 1, 'largest relative error over the snapshots, %')),
  params: { envelopesPerSecond: 6, snapshotsEnvelopes: 10, snapshotsHour: 3 },
  details: { worst },
});
