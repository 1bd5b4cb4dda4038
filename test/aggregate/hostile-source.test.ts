import t from 'tap';
import fc from 'fast-check';
import { Aggregator, type Source } from '../../src/index.ts';
import { SECTIONS } from '../../src/sources/types.ts';
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
