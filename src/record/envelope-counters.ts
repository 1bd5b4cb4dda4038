import type { Meter } from '@opentelemetry/api';
import { checkNumber, checkObject } from '../errors/validate.ts';
import type { Cell, LabelCells } from './label-cells.ts';
import { envelopeRecorder } from './envelope-recorder.ts';
import { DEFAULT_MAX_LABELS, recordersFor } from './meter-recorders.ts';
import { countDropper, isValidCount } from './sanitize.ts';

const dropEnvelopeCount = countDropper('envelope count');

/** Options of {@link EnvelopeCounters}. */
export interface EnvelopeCountersOptions {
  /**
   * Most distinct aspects kept per meter; envelopes of further aspects are
   * counted under `_other`. Default 1 000. The first EnvelopeCounters
   * created on a meter sets it for that meter.
   */
  maxAspects?: number;
}

/** A counter bound to one aspect: the cheapest way to record (one add). */
export interface AspectCounter {
  /** Records `count` envelopes (default 1) of the bound aspect. */
  add(count?: number): void;
}

/**
 * Counts published envelopes by aspect as `parsec.envelopes.published`.
 *
 * `observe()` costs about a Map lookup and an add: counts live in
 * pre-aggregated cells that an observable counter reports at collection
 * time, instead of going through the SDK's per-reader attribute hashing on
 * every event. Every EnvelopeCounters on the same meter shares the cells.
 */
export class EnvelopeCounters {
  private readonly _cells: LabelCells;
  private readonly _byRaw: Map<unknown, Cell>;

  constructor(meter: Meter, options?: EnvelopeCountersOptions) {
    const o = checkObject('options', options);
    const maxAspects = o.maxAspects === undefined ? DEFAULT_MAX_LABELS : checkNumber('maxAspects', o.maxAspects, 1);
    this._cells = envelopeRecorder(recordersFor(meter), maxAspects);
    this._byRaw = this._cells.byRaw;
  }

  /** Records `count` envelopes (default 1) published with `aspect`. */
  observe(aspect: string, count = 1): void {
    const cell = this._byRaw.get(aspect);
    if (cell !== undefined && isValidCount(count)) cell.value += count;
    else this._slow(aspect, count);
  }

  /** A counter bound to `aspect`, for call sites that always record the same aspect. */
  bind(aspect: string): AspectCounter {
    const cell = this._cells.cellFor(aspect);
    return {
      add(count = 1): void {
        if (isValidCount(count)) cell.value += count;
        else dropEnvelopeCount(count);
      },
    };
  }

  private _slow(aspect: unknown, count: unknown): void {
    if (!isValidCount(count)) {
      dropEnvelopeCount(count);
      return;
    }
    this._cells.cellFor(aspect).value += count;
  }
}
