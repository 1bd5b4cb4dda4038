import t, { type Test } from 'tap';
import fc from 'fast-check';
import type { Meter } from '@opentelemetry/api';
import { EnvelopeCounters, InvalidArgumentError, InvalidOptionError, observeCache, observeChannels, observeHistory, observePresence, observeRedis, observeTokens, redisStatter, TokenCounters, type Observation } from '../../src/index.ts';
import { ENVELOPES_PUBLISHED, TOKENS_EXPIRED, TOKENS_ISSUED, TOKENS_REVOKED } from '../../src/instruments.ts';
import { clocked, type Clocked } from '../helpers/clocked.ts';
import { captureDiag } from '../helpers/diag.ts';
import { hostileValues } from '../helpers/hostile.ts';

/** Any value fast-check can make, with the odd kinds switched on. */
const anyValue = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
});

const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

interface Expected {
  envelopes: number;
  issued: number;
  revoked: number;
  expired: number;
}

/** Calls `fn`; a throw must be a typed setup error. Returns the observation when there is one. */
function setup(t: Test, what: string, fn: () => unknown): void {
  try {
    const o = fn();
    if (o !== null && typeof o === 'object' && 'unregister' in o) registered.push(o as Observation);
  } catch (err) {
    if (!(err instanceof InvalidArgumentError || err instanceof InvalidOptionError)) {
      t.fail(`${what} threw something else than a typed setup error: ${err instanceof Error ? err.name : typeof err}`);
    }
  }
}
const registered: Observation[] = [];

const cacheReading = (v: unknown) => ({ hits: v, misses: v, evictions: v, sizeBytes: v, entries: v }) as never;

/** Drives every public recorder method with `v`, in every place a value goes; never throws at run time. */
function driveAll(t: Test, meter: Meter, v: unknown, expected: Expected): void {
  const envelopes = new EnvelopeCounters(meter);
  const tokens = new TokenCounters(meter);
  // Run time: never throws.
  envelopes.observe(v as string);
  envelopes.observe('chat', v as number);
  envelopes.observe(v as string, v as number);
  envelopes.bind(v as string).add();
  envelopes.bind('chat').add(v as number);
  envelopes.bind(v as string).add(v as number);
  tokens.issued(v as number);
  tokens.revoked(v as number);
  tokens.expired(v as number);
  const n = v === undefined ? 1 : v; // undefined is the default count, 1
  expected.envelopes += 2; // the two calls without a count
  if (isCount(n)) {
    expected.envelopes += 4 * n;
    expected.issued += n;
    expected.revoked += n;
    expected.expired += n;
  }
  // Setup: a wrong type is a typed error.
  setup(t, 'new EnvelopeCounters(v)', () => new EnvelopeCounters(v as Meter));
  setup(t, 'new EnvelopeCounters(meter, v)', () => new EnvelopeCounters(meter, v as never));
  setup(t, 'new EnvelopeCounters(meter, { maxAspects: v })', () => new EnvelopeCounters(meter, { maxAspects: v as number }));
  setup(t, 'new TokenCounters(v)', () => new TokenCounters(v as Meter));
  setup(t, 'observeCache(meter, v)', () => observeCache(meter, v as never));
  setup(t, 'observeCache(meter, { stats: v })', () => observeCache(meter, { stats: v as never }));
  setup(t, 'observeCache options', () => observeCache(meter, () => cacheReading(1), v as never));
  setup(t, 'observeCache backend', () => observeCache(meter, () => cacheReading(1), { backend: v as string }));
  setup(t, 'observeChannels(meter, v)', () => observeChannels(meter, v as never));
  setup(t, 'observeChannels options', () => observeChannels(meter, { list: () => [] }, v as never));
  setup(t, 'observePresence(meter, v)', () => observePresence(meter, v as never));
  setup(t, 'observeHistory(meter, v)', () => observeHistory(meter, v as never));
  setup(t, 'observeTokens(meter, v)', () => observeTokens(meter, v as never));
  setup(t, 'observeRedis(meter, v)', () => observeRedis(meter, v as never));
  setup(t, 'observeRedis options', () => observeRedis(meter, async () => '', v as never));
  setup(t, 'redisStatter(v, v)', () => redisStatter(v as never, v as never));
  setup(t, 'observeCache(v, …)', () => observeCache(v as Meter, () => cacheReading(1)));
  // What providers return, resolve with, throw and reject with.
  const thrower = (): never => {
    throw v;
  };
  for (const read of [() => v, thrower, async () => v, () => Promise.reject(v), () => cacheReading(v)]) {
    setup(t, 'observeCache(meter, read)', () => observeCache(meter, read as never, { backend: 'hostile' }));
    setup(t, 'observeCache(meter, { stats })', () => observeCache(meter, { stats: read as never }, { backend: 'hostile' }));
  }
  for (const list of [() => v, thrower, () => [v], () => [{ name: 'n', pattern: v }]]) {
    setup(t, 'observeChannels(meter, { list })', () => observeChannels(meter, { list: list as never }));
  }
  for (const read of [() => v, thrower, () => ({ users: v, agents: v, channels: v })]) {
    setup(t, 'observePresence(meter, read)', () => observePresence(meter, read as never));
  }
  for (const read of [() => v, thrower, () => ({ buffered: v, capacity: v })]) {
    setup(t, 'observeHistory(meter, read)', () => observeHistory(meter, read as never));
  }
  for (const read of [() => v, thrower, () => ({ active: v })]) {
    setup(t, 'observeTokens(meter, read)', () => observeTokens(meter, read as never));
  }
  for (const info of [() => v, thrower, async () => v, () => Promise.reject(v)]) {
    setup(t, 'observeRedis(meter, info)', () => observeRedis(meter, info as never, { backend: 'hostile-redis' }));
  }
}

/** Every number in a snapshot is finite and ≥ 0. */
function negatives(value: unknown, path = 'snapshot'): string[] {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? [] : [`${path} = ${value}`];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => negatives(v, `${path}.${k}`));
}

async function check(t: Test, c: Clocked, expected: Expected): Promise<boolean> {
  await c.advance(1000);
  const snap = await c.telemetry.snapshot();
  for (const o of registered.splice(0)) o.unregister();
  const r = c.telemetry.reader;
  const totals = {
    envelopes: r.total(ENVELOPES_PUBLISHED.name),
    issued: r.total(TOKENS_ISSUED.name),
    revoked: r.total(TOKENS_REVOKED.name),
    expired: r.total(TOKENS_EXPIRED.name),
  };
  const bad = negatives(snap);
  // Exact, except past 2^53, where several adds of a count near it round as any double sum does.
  const same = (a: number, b: number) => a === b || (Math.max(a, b) > Number.MAX_SAFE_INTEGER && Math.abs(a - b) <= Math.max(a, b) * 1e-12);
  const exact = (Object.keys(expected) as (keyof Expected)[]).every((k) => same(totals[k], expected[k]));
  const ok = bad.length === 0 && snap.errors === undefined && exact;
  if (!ok) t.same({ totals, bad, errors: snap.errors }, { totals: expected, bad: [], errors: undefined });
  return ok;
}

function start(): { c: Clocked; expected: Expected } {
  const c = clocked({ env: {} });
  const envelopes = new EnvelopeCounters(c.telemetry.meter);
  const tokens = new TokenCounters(c.telemetry.meter);
  envelopes.observe('recorded-before', 5);
  tokens.issued(4);
  tokens.revoked(1);
  tokens.expired(1);
  return { c, expected: { envelopes: 5, issued: 4, revoked: 1, expired: 1 } };
}

t.test('hand-made hostile values: nothing throws at run time, setup throws typed errors, counts stay exact', async (t) => {
  captureDiag(t); // diagnostics are expected; keep them off the test output
  const { c, expected } = start();
  t.teardown(() => c.telemetry.shutdown());
  for (const { name, value } of hostileValues()) {
    driveAll(t, c.telemetry.meter, value, expected);
    t.ok(await check(t, c, expected), name);
  }
});

t.test('property: any value, anywhere a recorder takes one', async (t) => {
  captureDiag(t);
  await fc.assert(
    fc.asyncProperty(anyValue, async (v) => {
      // A telemetry per value: sums of several counts near 2^53 would not be exact.
      const { c, expected } = start();
      try {
        driveAll(t, c.telemetry.meter, v, expected);
        return await check(t, c, expected);
      } finally {
        await c.telemetry.shutdown();
      }
    }),
    { numRuns: 150 },
  );
  t.pass('150 values');
});
