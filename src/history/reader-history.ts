import { InvalidArgumentError } from '../errors/errors.ts';
import { checkFunction, checkNumber, checkObject } from '../errors/validate.ts';
import { describeError } from '../diag/describe-value.ts';
import { ThrottledDiag } from '../diag/throttled-diag.ts';
import { WindowedReader } from '../reader/windowed-reader.ts';
import { visitFields } from './flatten.ts';
import { HistoryRings } from './history-rings.ts';
import { HISTORY_RANGES, historyOf } from './ranges.ts';
import { ReaderFigures } from './reader-figures.ts';
import type { HistoryProvider, HistoryRange, MetricsHistory, ReaderHistoryOptions } from './types.ts';

/** The ranges, in the order of their rings. */
const RANGES: readonly HistoryRange[] = ['5m', '1h'];

/**
 * The history of a WindowedReader's snapshot figures: after each sample
 * (feed {@link onSample} from the reader's `onSample`), on the next turn of
 * the event loop, the figures a snapshot would give at that sample
 * (src/history/reader-figures.ts) are recorded as the point of the sample's
 * step, in fixed rings of 60 steps (src/history/history-rings.ts): 5 s steps for `5m`, 60 s steps for
 * `1h`. A later sample in the same step overwrites its point, so each point
 * is the snapshot at the last sample of its step, stamped with that
 * sample's time. Steps count from the first sample, on the reader's
 * monotonic clock; timestamps are that clock shifted to the wall clock once,
 * at the first sample, so a wall clock that steps leaves the history in order.
 */
export class ReaderHistory implements HistoryProvider {
  private readonly _reader: WindowedReader;
  private readonly _figures: ReaderFigures;
  private readonly _rings: HistoryRings;
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
    this._rings = new HistoryRings(RANGES.map((r) => HISTORY_RANGES[r]), maxKeys);
    this._diag = new ThrottledDiag({ clock: reader.options.clock });
  }

  /** Call after each sample of the reader: schedules one history step on the next turn (several samples in one turn share it). */
  readonly onSample = (): void => {
    // Every sample, even one that shares a scheduled step: sections computed from here on are of its state.
    this._figures.sampled();
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
      const figures = this._figures.now();
      const time = Math.round(this._wallOffset + at);
      for (const map of this._rings.step(at - this._origin, time, (sink) => visitFields(figures, sink))) {
        this._diag.warn(`history-cap:${map}`, `history of "${map}" holds its most keys; further keys are not recorded`);
      }
    } catch (err) {
      this._diag.warn(`history:${describeError(err)}`, `recording the metrics history failed: ${describeError(err)}`);
    }
  }

  /** Number of series (field paths) kept, each with both ranges' points. */
  seriesCount(): number {
    return this._rings.size;
  }

  metricsHistory(range: HistoryRange): MetricsHistory {
    return historyOf(HISTORY_RANGES[range], this._rings.series(RANGES.indexOf(range)));
  }
}
