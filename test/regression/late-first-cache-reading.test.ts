// Bug: observeCache took its first reading at registration without a
// timeout and applied it whenever it landed. An async statter whose first
// answer (90 hits) landed after the first collection had applied a later
// one (100) made the cumulative hits go down, which the recorder takes for
// a counter reset (src/record/monotonic.ts): the late 90 was counted as a
// new run, and cache.hits reported 110 where the cache moved by 10 after
// the baseline. Readings of one statter now apply in the order they were
// asked for, and the first one has the same timeout as the others
// (CACHE_READ_TIMEOUT_MS in src/record/cache-recorder.ts).
import { mock } from 'node:test';
import t from 'tap';
import { observeCache } from '../../src/index.ts';
import type { CacheReading } from '../../src/index.ts';
import { CACHE_READ_TIMEOUT_MS } from '../../src/record/cache-recorder.ts';
import { clocked } from '../helpers/clocked.ts';
import { captureDiag } from '../helpers/diag.ts';

/** A statter whose first answer the test gives by hand; later ones answer at once with `hits`. */
function slowFirst(): { stats: () => Promise<CacheReading>; hits: number; answerFirst: (hits: number) => Promise<void> } {
  let resolveFirst: (r: CacheReading) => void = () => undefined;
  const reading = (hits: number): CacheReading => ({ hits, misses: 0, evictions: 0, sizeBytes: 1, entries: 1 });
  let calls = 0;
  const self = {
    hits: 0,
    stats: () => (++calls === 1 ? new Promise<CacheReading>((resolve) => (resolveFirst = resolve)) : Promise.resolve(reading(self.hits))),
    async answerFirst(hits: number) {
      resolveFirst(reading(hits));
      for (let i = 0; i < 5; i++) await Promise.resolve(); // let the answer settle
    },
  };
  return self;
}

t.beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
t.afterEach(() => mock.timers.reset());

t.test('a first reading that lands after a later one was applied is dropped, not taken for a reset', async (t) => {
  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  const statter = slowFirst();
  observeCache(c.telemetry.meter, statter.stats, { backend: 'redis' });
  statter.hits = 100;
  await c.advance(1000); // the first collection applies 100: the baseline
  await statter.answerFirst(90); // the registration's reading lands late
  statter.hits = 110;
  await c.advance(1000);
  const snap = await c.telemetry.snapshot();
  t.equal(snap.cache.hits, 10, 'the cache moved from 100 to 110');
  t.notOk('unavailable' in snap.cache);
});

t.test('the first reading times out like the others; an answer after the timeout is dropped', async (t) => {
  const messages = captureDiag(t);
  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  const statter = slowFirst();
  observeCache(c.telemetry.meter, statter.stats, { backend: 'redis' });
  mock.timers.tick(CACHE_READ_TIMEOUT_MS);
  for (let i = 0; i < 5; i++) await Promise.resolve();
  t.ok(messages.some((m) => m.includes(`no answer within ${CACHE_READ_TIMEOUT_MS} ms`)), 'the timeout is logged');
  await statter.answerFirst(0); // too late: not the baseline
  statter.hits = 50;
  await c.advance(1000); // the baseline is this reading
  statter.hits = 60;
  await c.advance(1000);
  t.equal((await c.telemetry.snapshot()).cache.hits, 10);
});
