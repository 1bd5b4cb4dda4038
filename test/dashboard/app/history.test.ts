import t from 'tap';
import { HISTORY_MS, MAX_POINTS, recordPoint } from '../../../src/dashboard/app/history.ts';
import type { HistoryPoint } from '../../../src/dashboard/app/types.ts';
import type { Snapshot } from '../../../src/index.ts';

const snap = (rate: unknown, hit: unknown, active: unknown) =>
  ({ envelopes: { rate_per_second: rate }, cache: { hit_rate_pct: hit }, tokens: { active_count: active } }) as unknown as Snapshot;

t.test('one point per poll: the rate, the hit rate and the active tokens', async (t) => {
  const history: HistoryPoint[] = [];
  recordPoint(history, snap(12.5, 80, 3), 1000);
  recordPoint(history, snap('x', null, undefined), 3000);
  recordPoint(history, { envelopes: {} } as unknown as Snapshot, 5000);
  t.same(history, [
    { t: 1000, rate: 12.5, hit: 80, active: 3 },
    { t: 3000, rate: 0, hit: 0, active: 0 },
    { t: 5000, rate: 0, hit: 0, active: 0 },
  ], 'a missing or odd figure is drawn as 0');
});

t.test('points older than five minutes go', async (t) => {
  const history: HistoryPoint[] = [];
  for (let at = 0; at <= HISTORY_MS; at += 60_000) recordPoint(history, snap(1, 1, 1), at);
  t.equal(history[0]?.t, 0, 'exactly five minutes old: kept');
  recordPoint(history, snap(1, 1, 1), HISTORY_MS + 30_000);
  t.equal(history[0]?.t, 60_000, 'older: dropped');
  t.ok(history.every((p) => p.t >= HISTORY_MS + 30_000 - HISTORY_MS));
});

t.test(`at most ${MAX_POINTS} points, the newest kept`, async (t) => {
  const history: HistoryPoint[] = [];
  for (let i = 0; i < MAX_POINTS + 10; i++) recordPoint(history, snap(i, 0, 0), i);
  t.equal(history.length, MAX_POINTS);
  t.equal(history[0]?.rate, 10);
  t.equal(history[history.length - 1]?.rate, MAX_POINTS + 9);
});
