import { InvalidArgumentError } from '../errors/errors.ts';
import { checkFunction, checkNumber, checkObject } from '../errors/validate.ts';
import { describeError } from '../diag/describe-value.ts';
import { ThrottledDiag } from '../diag/throttled-diag.ts';
import { WindowedReader } from '../reader/windowed-reader.ts';
import { numericFields } from './flatten.ts';
import { RangeRing } from './range-ring.ts';
import { HISTORY_RANGES, historyOf } from './ranges.ts';
import { ReaderFigures } from './reader-figures.ts';
import type { HistoryProvider, HistoryRange, MetricsHistory, ReaderHistoryOptions } from './types.ts';

/**
 * The history of a WindowedReader's snapshot figures: after each sample
 * (feed {@link onSample} from the reader's `onSample`), on the next turn of
 * the event loop, the figures a snapshot would give at that sample
 * (src/history/reader-figures.ts) are recorded as the point of the sample's
 * step, in two fixed rings of 60 steps: 5 s steps for `5m`, 60 s steps for
 * `1h`. A later sample in the same step overwrites its point, so each point
 * is the snapshot at the last sample of its step, stamped with that
 * sample's time. Steps count from the first sample, on the reader's
 * monotonic clock; timestamps are that clock shifted to the wall clock once,
 * at the first sample, so a wall clock that steps leaves the history in order.
 */
export class ReaderHistory implements HistoryProvider {
  private readonly _reader: WindowedReader;
  private readonly _figures: ReaderFigures;
  private readonly _rings: Readonly<Record<HistoryRange, RangeRing>>;
  private readonly _wallClock: () => number;
  private readonly _diag: ThrottledDiag;
  private _scheduled = false;
  private _origin: number | undefined;
  private _wallOffset = 0;

  /** Invalid options throw an InvalidOptionError naming the option. */
  constructor(reader: WindowedReader, options?: ReaderHistoryOptions) {
    if (!(reader instanceof WindowedReader)) throw new InvalidArgumentError('reader', 'a WindowedReader', reader);
    const o = checkObject('options', options) as ReaderHistoryOptions;
    this._reader = reader;
    this._wallClock = o.wallClock === undefined ? Date.now : checkFunction<() => number>('wallClock', o.wallClock);
    const maxKeys = o.maxKeysPerMap === undefined ? reader.options.maxSeriesPerInstrument + 1 : checkNumber('maxKeysPerMap', o.maxKeysPerMap, 1);
    this._figures = new ReaderFigures(reader);
    this._rings = { '5m': new RangeRing(HISTORY_RANGES['5m'], maxKeys), '1h': new RangeRing(HISTORY_RANGES['1h'], maxKeys) };
    this._diag = new ThrottledDiag({ clock: reader.options.clock });
  }

  /** Call after each sample of the reader: schedules one history step on the next turn (several samples in one turn share it). */
  readonly onSample = (): void => {
    if (this._scheduled) return;
    this._scheduled = true;
    setImmediate(() => {
      this._scheduled = false;
      this.record();
    });
  };

  /** Records the reader's figures now as the point of its last sample's step. Never throws (a failure is logged once a minute). */
  record(): void {
    try {
      const at = this._reader.lastSampleAt;
      if (this._origin === undefined) {
        this._wallOffset = this._wallClock() - at;
        this._origin = at;
      }
      const fields = numericFields(this._figures.now());
      const time = Math.round(this._wallOffset + at);
      for (const ring of Object.values(this._rings)) {
        for (const map of ring.record(at - this._origin, time, fields)) {
          this._diag.warn(`history-cap:${map}`, `history of "${map}" holds its most keys; further keys are not recorded`);
        }
      }
    } catch (err) {
      this._diag.warn(`history:${describeError(err)}`, `recording the metrics history failed: ${describeError(err)}`);
    }
  }

  /** Number of series kept over both ranges (for memory figures). */
  seriesCount(): number {
    return this._rings['5m'].size + this._rings['1h'].size;
  }

  metricsHistory(range: HistoryRange): MetricsHistory {
    const ring = this._rings[range];
    return historyOf(ring.spec, ring.series());
  }
}
