import t from 'tap';
import fc from 'fast-check';
import { bytes, clock, decimal, duration, percent, raw, show } from '../../../src/dashboard/app/format.ts';

t.test('numbers read in en-US style with at most three decimals', async (t) => {
  t.equal(decimal(1234.5678), '1,234.568');
  t.equal(decimal(0), '0');
  t.equal(decimal(-0.5), '-0.5');
  t.equal(percent(12.5), '12.5 %');
  t.equal(percent(100), '100 %');
});

t.test('bytes in binary units, one decimal from 1 KiB, TiB at most', async (t) => {
  t.equal(bytes(0), '0 B');
  t.equal(bytes(1023), '1,023 B');
  t.equal(bytes(1024), '1.0 KiB');
  t.equal(bytes(3 * 1024 * 1024), '3.0 MiB', 'what the Chromium test reads for a 3 MiB cache');
  t.equal(bytes(1.5 * 1024 ** 3), '1.5 GiB');
  t.equal(bytes(2 * 1024 ** 5), '2,048.0 TiB', 'no unit beyond TiB');
  t.equal(bytes(-2048), '-2.0 KiB');
  for (const v of [undefined, null, NaN, Infinity, '5', {}]) t.equal(bytes(v), '—', `${String(v)}: absent`);
});

t.test('durations in seconds, minutes from 90 s, hours from one hour', async (t) => {
  t.equal(duration(0.2), '0.2 s', 'the 200 ms interval of the browser test');
  t.equal(duration(45), '45 s');
  t.equal(duration(89), '89 s');
  t.equal(duration(90), '1.5 min');
  t.equal(duration(1800), '30 min');
  t.equal(duration(3600), '1 h', 'the count window');
  t.equal(duration(5400), '1.5 h');
  for (const v of [undefined, NaN, -Infinity, '60']) t.equal(duration(v), '—', `${String(v)}: absent`);
});

t.test('clock times are the local HH:MM:SS', async (t) => {
  t.equal(clock(new Date(2026, 10, 24, 9, 5, 7).getTime()), '09:05:07');
  t.equal(clock(new Date(2026, 10, 24, 23, 59, 59, 999).getTime()), '23:59:59');
  t.equal(clock(new Date(2026, 10, 24, 0, 0, 0).getTime()), '00:00:00');
});

t.test('a figure: formatted when a finite number, a dash when absent, else as sent', async (t) => {
  t.equal(show(12.5, percent), '12.5 %');
  t.equal(show(undefined, percent), '—');
  t.equal(show(null, percent), '—');
  t.equal(show('n/a', percent), 'n/a');
  t.equal(show(NaN, percent), 'NaN', 'a non-finite number is not formatted');
  t.equal(raw(undefined), '');
  t.equal(raw(null), '');
  t.equal(raw(2.5), '2.5');
  t.equal(raw(false), 'false');
  t.equal(raw({ a: [1] }), '{"a":[1]}');
});

t.test('any JSON value from a snapshot formats to a string without throwing', async () => {
  fc.assert(fc.property(fc.jsonValue(), (v) => {
    for (const s of [bytes(v), duration(v), show(v, decimal), show(v, percent), raw(v)]) {
      if (typeof s !== 'string') throw new Error(`not a string: ${String(s)}`);
    }
  }));
});
