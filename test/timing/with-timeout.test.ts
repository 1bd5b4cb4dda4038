import t from 'tap';
import { withTimeout } from '../../src/timing/with-timeout.ts';

t.test('work that settles first wins, and its timer is cleared', async (t) => {
  let timedOut = false;
  t.equal(await withTimeout(Promise.resolve(1), 50, () => {
    timedOut = true;
    return 2;
  }), 1);
  await t.rejects(withTimeout(Promise.reject(new Error('boom')), 50, () => 2), { message: 'boom' });
  await new Promise((resolve) => setTimeout(resolve, 80));
  t.equal(timedOut, false);
});

t.test('the timeout settles as onTimeout does: with its value, or rejected with what it throws', async (t) => {
  const never = new Promise<string>(() => undefined);
  t.equal(await withTimeout(never, 1, () => 'late'), 'late');
  await t.rejects(withTimeout(never, 1, () => {
    throw new Error('no answer');
  }), { message: 'no answer' });
});

t.test('a rejection after the timeout is ignored, never unhandled', async (t) => {
  let fail: (err: Error) => void = () => undefined;
  const work = new Promise<number>((_, reject) => {
    fail = reject;
  });
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => {
    unhandled.push(reason);
  };
  process.on('unhandledRejection', onUnhandled);
  t.teardown(() => process.off('unhandledRejection', onUnhandled));
  t.equal(await withTimeout(work, 1, () => 0), 0);
  fail(new Error('too late'));
  await new Promise((resolve) => setImmediate(resolve));
  t.same(unhandled, []);
});

t.test('unref: the timer does not keep the process alive', async (t) => {
  const seen: boolean[] = [];
  const realSetTimeout = globalThis.setTimeout;
  t.teardown(() => {
    globalThis.setTimeout = realSetTimeout;
  });
  globalThis.setTimeout = ((fn: () => void, ms: number) => {
    const timer = realSetTimeout(fn, ms);
    const unref = timer.unref.bind(timer);
    timer.unref = () => {
      seen.push(true);
      return unref();
    };
    return timer;
  }) as typeof setTimeout;
  await withTimeout(Promise.resolve(1), 10, () => 0, { unref: true });
  await withTimeout(Promise.resolve(1), 10, () => 0);
  t.same(seen, [true]);
});
