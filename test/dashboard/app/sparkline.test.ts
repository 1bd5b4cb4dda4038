import t from 'tap';
import { SPARK_HEIGHT, SPARK_WIDTH, sparkCaption, sparkGeometry, spanSeconds } from '../../../src/dashboard/app/sparkline.ts';
import type { HistoryPoint } from '../../../src/dashboard/app/types.ts';

const points = (...pairs: [number, number][]): HistoryPoint[] => pairs.map(([t, rate]) => ({ t, rate, hit: 50, active: 1, polled: true }));
const coords = (line: string) => line.split(' ').map((p) => p.split(',').map(Number) as [number, number]);

t.test('no history: an empty line, no area, and a note instead of a range', async (t) => {
  const g = sparkGeometry([], 'rate');
  t.equal(g.line, '');
  t.equal(g.area, undefined);
  t.equal(g.count, 0);
  t.equal(g.spanSeconds, 0);
  t.equal(sparkCaption(g, '/s'), 'the trend starts with the next poll');
});

t.test('one point: at the right edge, across the middle', async (t) => {
  const g = sparkGeometry(points([5000, 7]), 'rate');
  t.same(coords(g.line), [[SPARK_WIDTH, SPARK_HEIGHT / 2]]);
  t.equal(g.area, undefined, 'no area under a single point');
  t.equal(sparkCaption(g, '/s'), 'the trend starts with the next poll');
});

t.test('time runs left to right in proportion, the first point at 0, the last at the edge', async (t) => {
  const g = sparkGeometry(points([10_000, 1], [11_000, 2], [14_000, 3]), 'rate');
  t.same(coords(g.line).map(([x]) => x), [0, SPARK_WIDTH / 4, SPARK_WIDTH]);
  t.equal(g.spanSeconds, 4);
});

t.test('values scale to the range seen, with a margin: higher is nearer the top', async (t) => {
  const g = sparkGeometry(points([0, 10], [1000, 40], [2000, 25], [3000, 10]), 'rate');
  const ys = coords(g.line).map(([, y]) => y);
  t.ok((ys[1] as number) < (ys[2] as number) && (ys[2] as number) < (ys[0] as number), 'the largest value is highest');
  t.equal(ys[0], ys[3], 'equal values, equal height');
  t.ok(ys.every((y) => y > 2 && y < SPARK_HEIGHT - 2), 'neither extreme touches the frame');
  const top = Math.min(...ys);
  const bottom = Math.max(...ys);
  t.ok(Math.abs(top - (SPARK_HEIGHT - bottom)) < 0.11, 'the margin is the same above and below');
  t.equal(g.low, 10);
  t.equal(g.high, 40);
});

t.test('a flat series is drawn across the middle', async (t) => {
  const g = sparkGeometry(points([0, 3], [1000, 3], [2000, 3]), 'rate');
  t.ok(coords(g.line).every(([, y]) => y === SPARK_HEIGHT / 2));
});

t.test('the area closes the line down to the bottom edge; each field is drawn from its own figure', async (t) => {
  const history = points([0, 1], [2000, 9]);
  const g = sparkGeometry(history, 'rate');
  t.equal(g.area, `0,${SPARK_HEIGHT} ${g.line} ${SPARK_WIDTH},${SPARK_HEIGHT}`);
  t.ok(coords(sparkGeometry(history, 'hit').line).every(([, y]) => y === SPARK_HEIGHT / 2), 'the hit rate is flat here');
});

t.test('the caption: span and range in the figure unit', async (t) => {
  const g = sparkGeometry(points([0, 0.5], [95_000, 1234.5678]), 'rate');
  t.equal(sparkCaption(g, '/s'), 'last 1.6 min · min 0.5/s · max 1,234.568/s');
  t.equal(spanSeconds(points([0, 1], [1499, 1])), 1, 'rounded to whole seconds');
  t.equal(spanSeconds(points([0, 1])), 0);
});
