import t from 'tap';
import { Timeline, WindowGeometry } from '../../src/reader/timeline.ts';

/** A 10 s rate window of ten 1 s slots and a 60 s count window of six 10 s slots. */
const timeline = (): Timeline => new Timeline(10_000, 10, 60_000, 6);

/** Samples every second from `from` (exclusive) to `to` (inclusive). */
function sampleEverySecond(tl: Timeline, from: number, to: number): void {
  for (let now = from + 1000; now <= to; now += 1000) tl.sample(now);
}

const sumOf = (shares: readonly { share: number }[]): number => shares.reduce((s, x) => s + x.share, 0);

t.test('slot geometry: the slot a time falls in', async (t) => {
  const g = new WindowGeometry(10_000, 10);
  t.equal(g.slotMs, 1000);
  t.equal(g.indexAt(0), 0);
  t.equal(g.indexAt(999), 0);
  t.equal(g.indexAt(1000), 1);
  t.equal(g.indexAt(25_500), 25, 'indexes keep growing: the ring position is the index modulo the slots');
});

t.test('a gap of at most one slot puts the whole increase in the slot the sample lands in', async (t) => {
  const g = new WindowGeometry(10_000, 10);
  t.same(g.spread(1500, 2500), [{ index: 2, share: 1 }]);
  t.same(g.spread(2500, 2500), [{ index: 2, share: 1 }], 'no time passed');
});

t.test('a longer gap is spread over the slots it overlaps, in proportion to the overlap', async (t) => {
  const g = new WindowGeometry(10_000, 10);
  const shares = g.spread(15_000, 18_500);
  t.same(shares.map((s) => s.index), [15, 16, 17, 18]);
  t.same(shares.map((s) => s.share * 3500), [1000, 1000, 1000, 500]);
  t.equal(sumOf(shares), 1, 'nothing is lost inside the window');
});

t.test('shares of a gap longer than the window that fall before its oldest slot leave at once', async (t) => {
  const g = new WindowGeometry(10_000, 10);
  const shares = g.spread(0, 25_000);
  t.same(shares.map((s) => s.index), [16, 17, 18, 19, 20, 21, 22, 23, 24], 'only slots of the window ending in slot 25 (which the gap has not reached)');
  t.equal(Math.round(sumOf(shares) * 1000) / 1000, 0.36, 'nine of the gap\'s 25 seconds');
});

t.test('slot rotation: a slot reused for a later index forgets what its old index covered', async (t) => {
  const g = new WindowGeometry(10_000, 10);
  g.noteSample(3, 2000);
  g.noteSample(3, 2500); // the same index again: its cover start stays
  t.equal(g.coverStart(0, 9), 2000);
  const two = new WindowGeometry(10_000, 10);
  two.noteSample(3, 2000);
  two.noteSample(4, 3000);
  t.equal(two.coverStart(0, 9), 2000, 'the earliest of the slots in range');
  t.equal(g.positions, 11, 'one position more than the window has slots: the oldest slot, cut by the window\'s start');
  g.noteSample(14, 13_000); // position 3 again
  t.equal(g.coverStart(0, 9), undefined, 'index 3 is gone');
  t.equal(g.coverStart(4, 14), 13_000);
  t.equal(g.coverStart(15, 20), undefined, 'nothing sampled there');
});

t.test('the first sample starts the timeline; start() is idempotent', async (t) => {
  const tl = timeline();
  tl.start(5000);
  tl.start(9000);
  t.equal(tl.lastSampleAt, 5000);
  const plan = tl.sample(6000);
  t.same({ rate: plan.rate, count: plan.count }, { rate: 1, count: 0 }, 'slots count from the start, not from 0');
  t.equal(tl.rateSlotAt(8500), 3);
});

t.test('coverage while the window fills up, then once it is full', async (t) => {
  const tl = timeline();
  t.same(tl.coverage('rate'), { windowSeconds: 10, coveredSeconds: 0, partial: true }, 'before any sample');
  tl.sample(0);
  sampleEverySecond(tl, 0, 5000);
  t.same(tl.coverage('rate'), { windowSeconds: 10, coveredSeconds: 5, partial: true });
  t.same(tl.range('rate'), { lo: 0, hi: 5 }, 'never below slot 0');
  t.same(tl.coverage('count'), { windowSeconds: 60, coveredSeconds: 5, partial: true });
  sampleEverySecond(tl, 5000, 15_000);
  t.same(tl.range('rate'), { lo: 6, hi: 15 });
  t.same(tl.range('count'), { lo: 0, hi: 1 }, 'the count window: 10 s slots, six of them');
  t.same(tl.coverage('rate'), { windowSeconds: 10, coveredSeconds: 10, partial: false }, 'exactly the window once it has rotated');
  t.same(tl.coverage('count'), { windowSeconds: 60, coveredSeconds: 15, partial: true });
});

t.test('after a long gap the window covers at most its length', async (t) => {
  const tl = timeline();
  tl.sample(0);
  sampleEverySecond(tl, 0, 15_000);
  const plan = tl.sample(18_500);
  t.same(plan.fine.map((s) => s.index), [15, 16, 17, 18]);
  t.same(plan.coarse, [{ index: 1, share: 1 }], 'the gap is shorter than a count slot');
  const { coveredSeconds } = tl.coverage('rate');
  t.equal(coveredSeconds, 10, 'the oldest slot counts only with its part inside the window');
  const w = tl.weights('rate');
  t.equal(w.coveredFrom, 8500);
  t.equal(w.weights[9 % 11], 0.5, 'slot 9 covered 8 000–9 000: half of it lies in the window 8 500–18 500');
  t.equal(w.weights[8 % 11], 0, 'slot 8 ended before the window');
  t.equal(w.weights[16 % 11], 1, 'a slot of the gap: wholly inside');
});

t.test('a clock that steps back is clamped to the last sample', async (t) => {
  const tl = timeline();
  tl.sample(0);
  sampleEverySecond(tl, 0, 15_000);
  const before = tl.coverage('rate');
  const plan = tl.sample(9000);
  t.equal(tl.lastSampleAt, 15_000, 'time does not run backwards');
  t.same(plan, { rate: 15, count: 1, fine: [{ index: 15, share: 1 }], coarse: [{ index: 1, share: 1 }] }, 'the increase goes to the current slot');
  t.same(tl.coverage('rate'), before, 'coverage unchanged');
  tl.sample(16_000);
  t.equal(tl.lastSampleAt, 16_000, 'and resumes when the clock catches up');
});
