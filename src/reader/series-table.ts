import type { Attributes } from '@opentelemetry/api';
import type { InstrumentKind } from '../instruments.ts';
import { SlotColumns } from './slot-columns.ts';
import type { GroupPlan } from './group-plan.ts';
import type { SamplePlan } from './timeline.ts';

/** Rows a table starts with; it grows by half when full. */
const INITIAL_ROWS = 8;

/**
 * The series of one instrument, one row each, in columns: typed arrays
 * indexed by row instead of an object (and ring objects) per series. A
 * counter row keeps its lifetime total and its slots in the rate and
 * count windows ({@link SlotColumns}); a gauge row keeps its latest value,
 * the sample that set it and, for gauges read as deltas, the running level.
 * Rows of removed series are reused.
 */
export class SeriesTable {
  readonly name: string;
  readonly kind: InstrumentKind;
  /** Attribute key → row, in the order series were first seen. */
  readonly rows = new Map<string, number>();
  /** Per row: the series' attributes. */
  readonly attributes: Attributes[] = [];
  /** Per row: clock time of the last sample that reported the series. */
  lastSeenAt: Float64Array;
  /** Counters: per row, every increase seen. */
  total: Float64Array;
  /** Whether recorder cells were handed over for this instrument (src/record/cell-handoff.ts). */
  direct = false;
  /** Gauges: per row, the value in sample `valueSample`, the sample, and the level. */
  value: Float64Array;
  valueSample: Float64Array;
  level: Float64Array;
  /** Counters: the rate-window and count-window slots. */
  readonly fine: SlotColumns | undefined;
  readonly coarse: SlotColumns | undefined;
  private readonly _free: number[] = [];
  private _capacity = INITIAL_ROWS;
  /** Group plans by attribute key, kept until a row is added or removed. */
  private readonly _plans = new Map<string, GroupPlan>();

  constructor(name: string, kind: InstrumentKind, finePositions: number, coarsePositions: number) {
    this.name = name;
    this.kind = kind;
    const counter = kind === 'counter';
    this.lastSeenAt = new Float64Array(INITIAL_ROWS);
    this.total = new Float64Array(counter ? INITIAL_ROWS : 0);
    this.value = new Float64Array(counter ? 0 : INITIAL_ROWS);
    this.valueSample = new Float64Array(counter ? 0 : INITIAL_ROWS).fill(-1);
    this.level = new Float64Array(counter ? 0 : INITIAL_ROWS);
    this.fine = counter ? new SlotColumns(finePositions, INITIAL_ROWS) : undefined;
    this.coarse = counter ? new SlotColumns(coarsePositions, INITIAL_ROWS) : undefined;
  }

  /** Number of series kept. */
  get size(): number {
    return this.rows.size;
  }

  /**
   * The plan of the rows grouped by attribute `key` ({@link GroupPlan}):
   * made by `make` once, and again only after a row was added or removed
   * (a row's attributes change only then).
   */
  groupPlan(key: string, make: () => GroupPlan): GroupPlan {
    let plan = this._plans.get(key);
    if (plan === undefined) {
      plan = make();
      this._plans.set(key, plan);
    }
    return plan;
  }

  /** The row of a new series (a reused row is emptied first). */
  add(key: string, attributes: Attributes): number {
    let row = this._free.pop();
    if (row === undefined) {
      row = this.attributes.length;
      if (row === this._capacity) this._grow(Math.ceil(this._capacity * 1.5));
      // The slots grow a page at a time as rows are used, not with the capacity (a third more rows).
      this.fine?.grow(row + 1);
      this.coarse?.grow(row + 1);
    } else this._clear(row);
    this.attributes[row] = attributes;
    this.rows.set(key, row);
    this._plans.clear();
    return row;
  }

  /** Removes a series; its row is reused by a later one. */
  delete(key: string): void {
    const row = this.rows.get(key);
    if (row === undefined) return;
    this.rows.delete(key);
    this._plans.clear();
    this.attributes[row] = EMPTY;
    this._free.push(row);
  }

  /** Adds a (positive) counter increase observed by a sample, spread over slots as the sample's plan says. */
  addIncrease(row: number, delta: number, plan: SamplePlan): void {
    this.total[row] = (this.total[row] as number) + delta;
    this.fine?.add(row, delta, plan.fine);
    this.coarse?.add(row, delta, plan.coarse);
  }

  /** Gauges read as deltas (observable up-down counters): adds to the level and makes it the value of this sample. */
  addToLevel(row: number, delta: number, sample: number): void {
    const level = (this.level[row] as number) + delta;
    this.level[row] = level;
    this.value[row] = level;
    this.valueSample[row] = sample;
  }

  /** Sets (first stream in a sample) or adds to (further streams) a gauge value. */
  setValue(row: number, value: number, sample: number): void {
    if (this.valueSample[row] === sample) this.value[row] = (this.value[row] as number) + value;
    else {
      this.value[row] = value;
      this.valueSample[row] = sample;
    }
  }

  private _clear(row: number): void {
    this.lastSeenAt[row] = 0;
    if (this.kind === 'counter') this.total[row] = 0;
    else {
      this.value[row] = 0;
      this.valueSample[row] = -1;
      this.level[row] = 0;
    }
    this.fine?.clearRow(row);
    this.coarse?.clearRow(row);
  }

  private _grow(capacity: number): void {
    const grown = (a: Float64Array, fill: number): Float64Array => {
      if (a.length === 0) return a;
      const b = new Float64Array(capacity).fill(fill);
      b.set(a);
      return b;
    };
    this.lastSeenAt = grown(this.lastSeenAt, 0);
    this.total = grown(this.total, 0);
    this.value = grown(this.value, 0);
    this.valueSample = grown(this.valueSample, -1);
    this.level = grown(this.level, 0);
    this._capacity = capacity;
  }
}

const EMPTY: Attributes = Object.freeze({});
