import t from 'tap';
import type { IMetricReader } from '@opentelemetry/sdk-metrics';
import { CollectionDrain, DRAIN_EVERY_SAMPLES } from '../../src/telemetry/collection-drain.ts';

const turns = async (n: number): Promise<void> => {
  for (let i = 0; i < n * 4; i++) await new Promise((resolve) => setImmediate(resolve));
};

function fakeReader(log: string[], name: string, fail = false): IMetricReader {
  return {
    collect: async () => {
      log.push(name);
      if (fail) throw new Error('shut down');
      return { resourceMetrics: { resource: {}, scopeMetrics: [] }, errors: [] };
    },
  } as unknown as IMetricReader;
}

t.test('every fifth sample drains every reader once, one after the other; a drain still running is not doubled', async (t) => {
  t.equal(DRAIN_EVERY_SAMPLES, 5, 'a drain merges five stashed collections');
  const log: string[] = [];
  const drain = new CollectionDrain([fakeReader(log, 'a', true), fakeReader(log, 'b')]);
  for (let i = 1; i < DRAIN_EVERY_SAMPLES; i++) drain.afterSample();
  await turns(5);
  t.same(log, [], 'no drain before the fifth sample');
  drain.afterSample();
  drain.afterSample(); // while the drain runs
  await turns(5);
  t.same(log, ['a', 'b'], 'one drain; a reader that rejects does not stop the next');
  for (let i = 0; i < DRAIN_EVERY_SAMPLES; i++) drain.afterSample();
  await turns(5);
  t.same(log, ['a', 'b', 'a', 'b']);
});

t.test('no drain after close, not even one already scheduled', async (t) => {
  const log: string[] = [];
  const drain = new CollectionDrain([fakeReader(log, 'a')]);
  for (let i = 0; i < DRAIN_EVERY_SAMPLES; i++) drain.afterSample();
  drain.close();
  await turns(5);
  t.same(log, []);
});
