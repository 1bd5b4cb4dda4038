import t from 'tap';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { createTelemetry, EnvelopeCounters, TokenCounters } from '../../src/index.ts';
import { settledHeap } from '../helpers/gc.ts';

const CLIENTS = 200;
const DURATION_S = 10;
/** Heap growth allowed after GC across the whole run. */
const HEAP_BOUND_BYTES = 8 * 1024 * 1024;

interface LoadResult {
  requests: { total: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}

/** Runs autocannon in its own process, so the load generator's memory is not counted as ours. */
function load(url: string, connections: number, durationS: number): Promise<LoadResult> {
  const cli = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [cli, '--json', '--connections', String(connections), '--duration', String(durationS), url],
      { timeout: (durationS + 30) * 1000, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout) => (err ? reject(err) : resolve(JSON.parse(stdout) as LoadResult)));
  });
}

t.test(`${CLIENTS} concurrent clients on /parsec/metrics for ${DURATION_S} s while events are recorded`, async (t) => {
  const telemetry = createTelemetry({ env: {} });
  t.teardown(() => telemetry.shutdown());
  const server = await telemetry.listen({ port: 0 });
  const envelopes = new EnvelopeCounters(telemetry.meter);
  const tokens = new TokenCounters(telemetry.meter);
  const aspects = ['chat', 'typing', 'receipt', 'reaction'];
  let recorded = 0;
  const recorder = setInterval(() => {
    for (let i = 0; i < 500; i++) envelopes.observe(aspects[i % 4] as string);
    tokens.issued();
    recorded += 500;
  }, 5);
  t.teardown(() => clearInterval(recorder));
  // A short warm-up so that lazily built state is not counted as growth.
  await load(`${server.url}/parsec/metrics`, 20, 1);
  const before = settledHeap();
  const result = await load(`${server.url}/parsec/metrics`, CLIENTS, DURATION_S);
  clearInterval(recorder);
  const growth = settledHeap() - before;
  t.ok(result.requests.total > 1000, `${result.requests.total} requests served`);
  t.equal(result.errors, 0, 'no connection errors');
  t.equal(result.timeouts, 0, 'no timeouts');
  t.equal(result.non2xx, 0, 'no error response');
  t.ok(recorded > 0, `${recorded} envelopes recorded meanwhile`);
  t.ok(growth < HEAP_BOUND_BYTES, `heap grew ${(growth / 1024 / 1024).toFixed(2)} MB after GC (bound ${HEAP_BOUND_BYTES / 1024 / 1024} MB)`);
});
