import t from 'tap';
import fc from 'fast-check';
import { Aggregator, EnvelopeCounters, readerSources, type Source } from '../../src/index.ts';
import { SECTIONS } from '../../src/sources/types.ts';
import { clocked } from '../helpers/clocked.ts';
import { snapshotTypeProblems } from '../helpers/snapshot-types.ts';

const METHODS = ['refresh', 'window', 'nodes', ...SECTIONS] as const;

/** What one method of a hostile source does: return a value, resolve with it, throw it, or reject with it. */
const behaviour = fc.record({ how: fc.constantFrom('return', 'resolve', 'throw', 'reject'), value: fc.anything({ withNullPrototype: true, withBigInt: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true }) });

function hostile(plan: Record<string, { how: string; value: unknown }>, name: unknown): Source {
  const source: Record<string, unknown> = { name };
  for (const [method, { how, value }] of Object.entries(plan)) {
    source[method] = () => {
      if (how === 'throw') throw value;
      if (how === 'reject') return Promise.reject(value);
      return how === 'resolve' ? Promise.resolve(value) : value;
    };
  }
  return source as Source;
}

t.test('a Source whose methods return or throw anything never makes snapshot() reject, and the snapshot keeps its documented types', async (t) => {
  const plans = fc.dictionary(fc.constantFrom(...METHODS), behaviour, { maxKeys: METHODS.length });
  await fc.assert(
    fc.asyncProperty(fc.array(fc.tuple(plans, fc.anything()), { minLength: 1, maxLength: 3 }), async (sources) => {
      const snapshot = await new Aggregator({ sources: sources.map(([plan, name]) => hostile(plan, name)) }).snapshot();
      const problems = snapshotTypeProblems(JSON.parse(JSON.stringify(snapshot)));
      t.same(problems, [], problems.join('; '));
    }),
    { numRuns: 300 },
  );
});

t.test('hostile thrown values: Object.create(null), a revoked proxy, a throwing message getter, a symbol', async (t) => {
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  const getter = new Error('x');
  Object.defineProperty(getter, 'message', { get: () => { throw new Error('no'); } });
  const numeric = new Error('x');
  Object.defineProperty(numeric, 'message', { value: 42 });
  const thrown: unknown[] = [Object.create(null), revoked.proxy, getter, numeric, Symbol('s'), Symbol(), null, 7n, 'plain', undefined];
  const sources: Source[] = thrown.map((err, i) => ({ name: `s${i}`, envelopes: () => { throw err; } }));
  const snapshot = await new Aggregator({ sources }).snapshot();
  t.same(snapshot.errors?.map((e) => e.message), [
    'threw a object',
    'threw a proxy',
    'an error without a message',
    'an error without a message',
    'threw a symbol',
    'threw a symbol',
    'threw null',
    'threw 7',
    'plain',
    'threw undefined',
  ]);
});

t.test('a Source that passes on a built-in adapter\'s answer after changing it is still checked', async (t) => {
  const c = clocked({ env: {}, otlp: false, global: false });
  t.teardown(() => c.telemetry.shutdown());
  new EnvelopeCounters(c.telemetry.meter).observe('chat', 3);
  await c.advance(1_000);
  const builtIn = readerSources(c.telemetry.reader)[1] as Source;
  const envelopes = builtIn.envelopes?.bind(builtIn) as () => { rate_per_second: number; by_aspect: Record<string, unknown> };
  const wrappers: Source[] = [
    // The built-in method itself, on an object of the user's, whose own helpers could change its answer: they are not called.
    { name: 'borrowed', envelopes: builtIn.envelopes, reader: c.telemetry.reader, remember: () => { throw new Error('called'); } } as Source,
    { name: 'changed', envelopes: () => {
      const e = envelopes();
      e.by_aspect.bad = Number.NaN;
      e.by_aspect.worse = 'x';
      return e as never;
    } },
  ];
  for (const source of wrappers) {
    const snapshot = await new Aggregator({ sources: [source] }).snapshot();
    t.same(snapshot.errors, undefined, `${source.name}: no error`);
    t.strictSame(snapshot.envelopes.by_aspect, { chat: 3 }, `${source.name}: only the valid keys`);
  }
});

t.test('a section method that is not a function is a failed source; null or undefined reports nothing', async (t) => {
  const snapshot = await new Aggregator({ sources: [
    { name: 'five', envelopes: 5 } as unknown as Source,
    { name: 'nothing', envelopes: null, tokens: undefined } as unknown as Source,
  ] }).snapshot();
  t.same(snapshot.errors, [{ source: 'five', message: 'envelopes is not a function' }]);
});
