import t from 'tap';
import { DiagSite, MAX_UNTIMED_DROPS } from '../../src/diag/diag-site.ts';
import { ThrottledDiag } from '../../src/diag/throttled-diag.ts';
import { captureDiag } from '../helpers/diag.ts';

const format = (n: number): string => `dropped ${n}`;

t.test('a site logs once per interval and formats only what it logs', async (t) => {
  const messages = captureDiag(t);
  let now = 0;
  let reads = 0;
  let formatted = 0;
  const site = new DiagSite(60_000, () => (reads++, now));
  const counting = (n: number): string => (formatted++, format(n));
  t.equal(site.warn(counting, 1), true);
  for (let i = 0; i < 100_000; i++) site.warn(counting, i);
  t.equal(formatted, 1, 'nothing built for the dropped ones');
  t.ok(reads <= 100_000 / MAX_UNTIMED_DROPS + 12, `a flood reads the clock ${reads} times for 100 000 calls`);
  now = 60_000;
  let logged = false;
  for (let i = 0; i <= MAX_UNTIMED_DROPS && !logged; i++) logged = site.warn(format, 2);
  t.ok(logged, 'once the interval is over it logs again, within the untimed drops');
  t.same(messages, ['parsec-telemetry: dropped 1', 'parsec-telemetry: dropped 2']);
});

t.test('calls spaced out in time each read the clock, so none is delayed', async (t) => {
  const messages = captureDiag(t);
  let now = 0;
  const site = new ThrottledDiag({ intervalMs: 60_000, clock: () => now }).site();
  for (let minute = 0; minute < 5; minute++) {
    for (let s = 0; s < 60; s += 10) {
      now = minute * 60_000 + s * 1000;
      site.warn(format, minute);
    }
  }
  t.same(messages, [0, 1, 2, 3, 4].map((m) => `parsec-telemetry: dropped ${m}`), 'one per minute, each on time');
});

t.test('a clock that does not move still bounds the untimed drops', async (t) => {
  captureDiag(t);
  let reads = 0;
  const site = new DiagSite(1000, () => (reads++, 0));
  for (let i = 0; i < 10 * MAX_UNTIMED_DROPS; i++) site.warn(format, i);
  t.ok(reads >= 10, `${reads} clock reads`);
});

t.test('ThrottledDiag builds a lazy message only when it logs', async (t) => {
  const messages = captureDiag(t);
  const d = new ThrottledDiag({ clock: () => 0 });
  let built = 0;
  t.equal(d.warn('k', () => `built ${++built}`), true);
  t.equal(d.warn('k', () => `built ${++built}`), false);
  t.equal(built, 1);
  t.same(messages, ['parsec-telemetry: built 1']);
});
