import t from 'tap';
import { DEFAULT_INTERVAL_MS, pollIntervalMs, pollTimeoutMs } from '../../../src/dashboard/app/poll-timing.ts';

t.test('the interval comes from ?interval=, in milliseconds, within 100 ms–60 s', async (t) => {
  t.equal(pollIntervalMs(''), DEFAULT_INTERVAL_MS);
  t.equal(DEFAULT_INTERVAL_MS, 2000);
  t.equal(pollIntervalMs('?interval=200'), 200);
  t.equal(pollIntervalMs('?interval=250.6'), 251, 'rounded');
  t.equal(pollIntervalMs('?interval=5'), 100, 'at least 100 ms');
  t.equal(pollIntervalMs('?interval=999999'), 60_000, 'at most a minute');
  for (const q of ['?interval=', '?interval=fast', '?interval=Infinity', '?other=1']) t.equal(pollIntervalMs(q), DEFAULT_INTERVAL_MS, q);
});

t.test('a poll is abandoned after three intervals, within 1–10 s', async (t) => {
  t.equal(pollTimeoutMs(200), 1000, 'the browser test: "no answer within 1 s"');
  t.equal(pollTimeoutMs(2000), 6000);
  t.equal(pollTimeoutMs(60_000), 10_000);
});
