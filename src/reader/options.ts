import { InvalidOptionError } from '../errors/errors.ts';
import { checkFunction, checkNumber, checkObject } from '../errors/validate.ts';
import type { ResolvedReaderOptions, WindowedReaderOptions } from './types.ts';

/** Slots in the rate window (fine slots) and the count window (coarse slots). */
export const RATE_SLOTS = 12;
export const COUNT_SLOTS = 60;

/** The defaults, in one place. */
export const READER_DEFAULTS: ResolvedReaderOptions = Object.freeze({
  clock: () => performance.now(),
  sampleIntervalMs: 1_000,
  rateWindowMs: 60_000,
  countWindowMs: 3_600_000,
  maxSeriesPerInstrument: 1_000,
  collectTimeoutMs: 750,
  onSample: undefined,
});

/** Applies defaults and validates; throws InvalidOptionError naming the first bad option. */
export function resolveReaderOptions(options: WindowedReaderOptions | undefined): ResolvedReaderOptions {
  const o = checkObject('options', options) as WindowedReaderOptions;
  const pick = <K extends keyof WindowedReaderOptions>(k: K): unknown => (o[k] === undefined ? READER_DEFAULTS[k] : o[k]);
  const clock = checkFunction<() => number>('clock', pick('clock'));
  const sampleIntervalMs = checkNumber('sampleIntervalMs', pick('sampleIntervalMs'), 0);
  const rateWindowMs = checkNumber('rateWindowMs', pick('rateWindowMs'), RATE_SLOTS);
  const countWindowMs = checkNumber('countWindowMs', pick('countWindowMs'), COUNT_SLOTS);
  const maxSeriesPerInstrument = checkNumber('maxSeriesPerInstrument', pick('maxSeriesPerInstrument'), 1);
  const collectTimeoutMs = checkNumber('collectTimeoutMs', pick('collectTimeoutMs'), 1);
  const onSample = o.onSample === undefined ? undefined : checkFunction<() => void>('onSample', o.onSample);
  if (countWindowMs < rateWindowMs) {
    throw new InvalidOptionError('countWindowMs', `a value >= rateWindowMs (${rateWindowMs})`, countWindowMs);
  }
  if (sampleIntervalMs > rateWindowMs) {
    throw new InvalidOptionError('sampleIntervalMs', `a value <= rateWindowMs (${rateWindowMs})`, sampleIntervalMs);
  }
  if (sampleIntervalMs > 2 ** 31 - 1) {
    throw new InvalidOptionError('sampleIntervalMs', 'a value that fits a timer (<= 2147483647)', sampleIntervalMs);
  }
  return { clock, sampleIntervalMs, rateWindowMs, countWindowMs, maxSeriesPerInstrument, collectTimeoutMs, onSample };
}
