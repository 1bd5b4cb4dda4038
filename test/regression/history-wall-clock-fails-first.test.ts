// A wall clock that threw at the history's first step left the step origin
// set without the wall-clock offset, so every later point was stamped with
// the monotonic clock instead of the wall clock.
import t from 'tap';
import { createTelemetry } from '../../src/index.ts';
import { ReaderHistory } from '../../src/history/reader-history.ts';
import { captureDiag } from '../helpers/diag.ts';

t.test('a wall clock that fails at the first step does not skew later timestamps', async (t) => {
  captureDiag(t);
  let broken = true;
  const clock = { now: 0 };
  const telemetry = createTelemetry({ clock: () => clock.now, sampleIntervalMs: 0, env: {}, otlp: false, global: false });
  t.teardown(() => telemetry.shutdown());
  const history = new ReaderHistory(telemetry.reader, {
    wallClock: () => {
      if (broken) throw new Error('no clock');
      return 1_764_580_000_000;
    },
  });
  clock.now = 5_000;
  await telemetry.reader.sample();
  history.record();
  broken = false;
  history.record();
  t.same(history.metricsHistory('5m').series['tokens.active_count'], [[1_764_580_000_000, 0]], 'stamped with the wall clock');
});
