import t, { type Test } from 'tap';
import { EnvelopeCounters, observeChannels } from '../../src/index.ts';
import { numericFields } from '../../src/history/flatten.ts';
import { ReaderFigures } from '../../src/history/reader-figures.ts';
import { clocked } from '../helpers/clocked.ts';

const turn = () => new Promise((resolve) => setImmediate(resolve));

/** The newest point of every series of a history, by path. */
async function newest(history: () => Promise<{ series: Record<string, [number, number][]> }>): Promise<Record<string, number>> {
  const { series } = await history();
  return Object.fromEntries(Object.entries(series).map(([path, points]) => [path, (points.at(-1) as [number, number])[1]]));
}

function setup(t: Test) {
  const c = clocked({ env: {}, otlp: false, global: false }, 1_764_580_000_000);
  t.teardown(() => c.telemetry.shutdown());
  const envelopes = new EnvelopeCounters(c.telemetry.meter);
  observeChannels(c.telemetry.meter, { list: () => [{ name: 'room:a', pattern: 'room:*' }] });
  // Counts the reader's grouped questions: the envelopes' and the channels' maps.
  const reader = c.telemetry.reader;
  let grouped = 0;
  const increaseBy = reader.increaseBy.bind(reader);
  const gaugeBy = reader.gaugeBy.bind(reader);
  reader.increaseBy = (...args) => { grouped++; return increaseBy(...args); };
  reader.gaugeBy = (...args) => { grouped++; return gaugeBy(...args); };
  return { c, envelopes, grouped: () => grouped };
}

t.test('the history step after a snapshot recalls the sections the snapshot computed, and records the same figures', async (t) => {
  const { c, envelopes, grouped } = setup(t);
  envelopes.observe('chat', 3);
  envelopes.observe('typing', 2);
  await c.advance(5_000);
  const before = grouped();
  const snapshot = await c.telemetry.snapshot();
  const bySnapshot = grouped() - before;
  await turn();
  t.equal(grouped() - before, bySnapshot, 'the history step asked the reader for no map of its own');
  const points = await newest(() => c.telemetry.history('5m'));
  const fields = numericFields(snapshot);
  t.same(Object.fromEntries(fields.map((f) => [f.path, points[f.path]])), Object.fromEntries(fields.map((f) => [f.path, f.value])), 'the newest points are the snapshot');
  t.same(points, Object.fromEntries(numericFields(new ReaderFigures(c.telemetry.reader).now()).map((f) => [f.path, f.value])), 'and the figures computed afresh');
});

t.test('a sample after the snapshot (no snapshot of its own) is recorded from its own state, not the snapshot\'s', async (t) => {
  const { c, envelopes, grouped } = setup(t);
  envelopes.observe('chat', 3);
  await c.advance(5_000);
  await c.telemetry.snapshot();
  await turn();
  envelopes.observe('chat', 7);
  envelopes.observe('new', 1);
  const before = grouped();
  await c.advance(5_000); // a sample, as the reader's timer takes, and the history step after it
  t.ok(grouped() > before, 'the step computed its figures');
  const points = await newest(() => c.telemetry.history('5m'));
  t.equal(points['envelopes.by_aspect.chat'], 10);
  t.equal(points['envelopes.by_aspect.new'], 1);
  t.same(points, Object.fromEntries(numericFields(new ReaderFigures(c.telemetry.reader).now()).map((f) => [f.path, f.value])));
});

t.test('without a call at each sample, every section is computed', async (t) => {
  const { c, envelopes, grouped } = setup(t);
  envelopes.observe('chat', 3);
  await c.advance(5_000);
  await c.telemetry.snapshot();
  const figures = new ReaderFigures(c.telemetry.reader);
  const before = grouped();
  const chat = numericFields(figures.now()).find((f) => f.path === 'envelopes.by_aspect.chat');
  t.equal(chat?.value, 3, 'computed (by_aspect a hollow record, read through its entries)');
  t.ok(grouped() > before);
});
