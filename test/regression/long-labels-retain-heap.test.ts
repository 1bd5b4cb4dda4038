// Bug: the recorders kept the raw strings they were given as map keys (and
// V8 keeps a whole string alive behind a slice of it), so 1 000 distinct
// aspects of 1 MB each kept +1 000 MB of heap alive, still after shutdown.
// The same held for channel patterns and cache backends.
import t, { type Test } from 'tap';
import type { Meter } from '@opentelemetry/api';
import { EnvelopeCounters, observeCache, observeChannels, type TelemetryOptions } from '../../src/index.ts';
import { clocked } from '../helpers/clocked.ts';
import { captureDiag } from '../helpers/diag.ts';
import { settledHeap } from '../helpers/gc.ts';

const COUNT = 1000;
const MB = 1024 * 1024;
/** Heap growth allowed for 1 000 distinct values of 1 MB each. */
const BOUND = 16 * MB;

/** A distinct string of 1 MB, made afresh so that no two share memory. */
function megabyte(i: number): string {
  return `${String(i).padStart(6, '0')}${'x'.repeat(MB - 6)}`;
}

const mb = (bytes: number): string => (bytes / MB).toFixed(1);

interface Growth {
  /** Heap kept while the telemetry is alive, in bytes. */
  alive: number;
  /** Heap kept once it is shut down and no longer referenced. */
  afterShutdown: number;
}

/**
 * Records 1 000 values with `recorder(meter)` (sampling every 100) and
 * measures the heap kept while the telemetry is alive, and after its
 * shutdown.
 */
async function growth(recorder: (meter: Meter) => (i: number) => void, options: TelemetryOptions = {}): Promise<Growth> {
  const base = settledHeap();
  const alive = (await recordAndShutDown(recorder, options)) - base;
  // Measured once recordAndShutDown has returned: nothing of the telemetry is referenced any more.
  return { alive, afterShutdown: settledHeap() - base };
}

/** Records the 1 000 values, returns the settled heap while the telemetry is alive, then shuts it down. */
async function recordAndShutDown(recorder: (meter: Meter) => (i: number) => void, options: TelemetryOptions): Promise<number> {
  const c = clocked({ env: {}, ...options });
  const record = recorder(c.telemetry.meter);
  for (let i = 0; i < COUNT; i++) {
    record(i);
    if (i % 100 === 99) await c.advance(1000);
  }
  await c.advance(1000);
  await c.telemetry.snapshot();
  const heap = settledHeap();
  await c.telemetry.shutdown();
  return heap;
}

function bounded(t: Test, g: Growth, bound = BOUND): void {
  t.ok(g.alive <= bound, `heap grew ${mb(g.alive)} MB while alive (bound ${mb(bound)} MB)`);
  t.ok(g.afterShutdown <= bound, `heap grew ${mb(g.afterShutdown)} MB after shutdown (bound ${mb(bound)} MB)`);
}

const aspects = (size: (i: number) => string) => (meter: Meter) => {
  const envelopes = new EnvelopeCounters(meter);
  return (i: number) => {
    envelopes.observe(size(i));
    envelopes.bind(size(i)).add();
  };
};

t.test('1 000 distinct 1 MB aspects keep their labels, not the megabytes', async (t) => {
  captureDiag(t);
  bounded(t, await growth(aspects(megabyte)));
});

t.test('after shutdown nothing of them is kept', async (t) => {
  captureDiag(t);
  // Without the Prometheus exporter: its never-started http.Server stays
  // reachable after shutdown and keeps the SDK's state (bounded by series,
  // not by the size of the values).
  const g = await growth(aspects(megabyte), { prometheus: false });
  t.ok(g.afterShutdown <= MB, `heap grew ${mb(g.afterShutdown)} MB after shutdown (bound 1 MB)`);
});

t.test('1 000 distinct 1 MB channel patterns', async (t) => {
  captureDiag(t);
  bounded(t, await growth((meter) => {
    // Each channel is listed at the next collection only, as a channel that comes and goes.
    const fresh: string[] = [];
    observeChannels(meter, { list: () => fresh.splice(0).map((pattern) => ({ name: 'c', pattern })) });
    return (i) => void fresh.push(megabyte(i));
  }));
});

t.test('1 000 distinct 1 MB cache backends cost what 1 000 short ones cost', async (t) => {
  captureDiag(t);
  const backends = (name: (i: number) => string) => (meter: Meter) => (i: number) => {
    observeCache(meter, () => ({ hits: i, misses: 0, evictions: 0, sizeBytes: 1, entries: 1 }), { backend: name(i) });
  };
  const short = await growth(backends((i) => `backend-${i}`));
  const long = await growth(backends(megabyte));
  // Six series per backend cost more than an aspect's one: compare with short names.
  bounded(t, { alive: long.alive - short.alive, afterShutdown: long.afterShutdown - short.afterShutdown }, 4 * MB);
});
