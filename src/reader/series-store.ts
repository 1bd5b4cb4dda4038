import type { Attributes } from '@opentelemetry/api';
import { AggregationTemporality, DataPointType, type MetricData } from '@opentelemetry/sdk-metrics';
import type { ThrottledDiag } from '../diag/throttled-diag.ts';
import { INSTRUMENTS, type InstrumentKind } from '../instruments.ts';
import type { Cell } from '../record/label-cells.ts';
import { attributesKey } from './attributes-key.ts';
import { groupName } from './group-name.ts';
import { planGroups } from './group-plan.ts';
import { SeriesTable } from './series-table.ts';
import type { SamplePlan, Timeline, WindowName } from './timeline.ts';
import type { SeriesView } from './types.ts';

/** Attribute set of the overflow series (the SDK uses the same for its own overflow). */
export const OVERFLOW_ATTRIBUTES: Attributes = Object.freeze({ 'otel.metric.overflow': true });
const OVERFLOW_KEY = attributesKey(OVERFLOW_ATTRIBUTES);

const NO_GROUPS: readonly string[] = Object.freeze([]);

const CONTRACT_KINDS = new Map<string, InstrumentKind>(INSTRUMENTS.map((i) => [i.name, i.kind]));

/** Groups and their values side by side, sorted by group, each group once (see SeriesStore.increaseGroups). */
export interface Groups {
  /** The groups: frozen, shared by every answer until the series change. */
  readonly keys: readonly string[];
  /** Each group's value: a fresh array, the caller's to keep or change. */
  readonly values: Float64Array;
}

/** The filter of a grouped question: only series whose attributes hold these values. */
export type AttributeFilter = Readonly<Record<string, string>>;

/**
 * What the WindowedReader keeps: one {@link SeriesTable} per instrument,
 * filled from each collection ({@link fold}) and read by the questions the
 * sources ask (increase over a window, total, gauge, grouped by one
 * attribute). Series are capped per instrument, with one overflow series.
 */
export class SeriesStore {
  private readonly _tables = new Map<string, SeriesTable>();
  private readonly _timeline: Timeline;
  private readonly _maxSeries: number;
  private readonly _diag: ThrottledDiag;
  /**
   * The attribute objects of the cells read so far. An SDK data point that
   * carries one of these very objects is a cell's own observation (the SDK
   * hands back the object the callback observed, pinned by
   * test/telemetry/sdk-behaviour.test.ts); a plain-API instrument of the
   * same name has attribute objects of its own and is still read.
   */
  private readonly _cellAttributes = new WeakSet<Attributes>();

  constructor(timeline: Timeline, maxSeriesPerInstrument: number, diag: ThrottledDiag) {
    this._timeline = timeline;
    this._maxSeries = maxSeriesPerInstrument;
    this._diag = diag;
  }

  /** Folds one metric of a collection, sample number `sample`, into its table. */
  fold(metric: MetricData, plan: SamplePlan, sample: number): void {
    const delta = metric.aggregationTemporality === AggregationTemporality.DELTA;
    let kind: InstrumentKind;
    if (metric.dataPointType === DataPointType.SUM && metric.isMonotonic && delta) {
      kind = 'counter';
    } else if (metric.dataPointType === DataPointType.GAUGE || (metric.dataPointType === DataPointType.SUM && !metric.isMonotonic)) {
      kind = 'gauge';
    } else {
      this._diag.warn(`unsupported:${metric.descriptor.name}`, `instrument "${metric.descriptor.name}" is neither a counter nor a gauge; ignored`);
      return;
    }
    const table = this._table(metric.descriptor.name, kind);
    if (table === undefined) return;
    const now = this._timeline.lastSampleAt;
    const levels = metric.dataPointType === DataPointType.SUM && delta;
    for (const point of metric.dataPoints) {
      const value = point.value as number;
      // A cell's own observation (by another reader's collection, under the shared storage of the contract views) was read from the cell.
      if (!Number.isFinite(value) || (table.direct && this._cellAttributes.has(point.attributes))) continue;
      const row = this._rowFor(table, point.attributes);
      table.lastSeenAt[row] = now;
      if (kind === 'counter') {
        if (value > 0) table.addIncrease(row, value, plan);
      } else if (levels) {
        table.addToLevel(row, value, sample);
      } else {
        table.setValue(row, value, sample);
      }
    }
  }

  /**
   * Folds the cells of the observable counter `name` that its recorders
   * handed over (src/record/cell-handoff.ts): each cell adds what it gained
   * since the last time it was read here. A cell that gained nothing is
   * not seen, as an unobserved one is not, so an idle series is swept.
   */
  foldCells(name: string, cells: Iterable<Cell>, plan: SamplePlan): void {
    // Cells are handed over for the contract's counters only, whose tables are counters whatever stream came first.
    const table = this._table(name, 'counter') as SeriesTable;
    table.direct = true;
    const now = this._timeline.lastSampleAt;
    for (const cell of cells) {
      const value = cell.value;
      const last = cell.read;
      if (value === last) continue;
      cell.read = value;
      // Cells add safe integers: always finite.
      const gained = last < 0 ? value : value - last;
      if (last < 0) this._cellAttributes.add(cell.attributes);
      // The cell remembers its row; a row whose series was dropped (or reused by another) is looked up again.
      let row = cell.row;
      if (row < 0 || table.attributes[row] !== cell.attributes) {
        row = this._rowFor(table, cell.attributes);
        cell.row = row;
      }
      table.lastSeenAt[row] = now;
      if (gained > 0) table.addIncrease(row, gained, plan);
    }
  }

  /** The table of instrument `name`, created on first use; undefined (with a diagnostic) when it holds the other kind. */
  private _table(name: string, kind: InstrumentKind): SeriesTable | undefined {
    let table = this._tables.get(name);
    if (table === undefined) {
      // A name of the contract is read as the contract says; any other name as its first stream.
      table = new SeriesTable(name, CONTRACT_KINDS.get(name) ?? kind, this._timeline.rate.positions, this._timeline.count.positions);
      this._tables.set(name, table);
    }
    if (table.kind !== kind) {
      this._diag.warn(`kind:${name}`, `instrument "${name}" is recorded both as a counter and as a gauge; the ${kind} stream is ignored`);
      return undefined;
    }
    return table;
  }

  private _rowFor(table: SeriesTable, attributes: Attributes): number {
    const key = attributesKey(attributes);
    const row = table.rows.get(key);
    if (row !== undefined) return row;
    if (table.size >= this._maxSeries && key !== OVERFLOW_KEY) {
      const overflow = table.rows.get(OVERFLOW_KEY);
      if (overflow !== undefined) return overflow;
      this._diag.warn(`overflow:${table.name}`, `instrument "${table.name}" exceeded ${this._maxSeries} series; further attribute sets are counted in the overflow series`);
      return table.add(OVERFLOW_KEY, OVERFLOW_ATTRIBUTES);
    }
    return table.add(key, attributes);
  }

  /** Drops series last seen before `horizon` (the attribute-free series of an instrument stays). */
  sweep(horizon: number): void {
    for (const table of this._tables.values()) {
      for (const [key, row] of table.rows) {
        if (key !== '' && (table.lastSeenAt[row] as number) < horizon) table.delete(key);
      }
    }
  }

  /** Increase of a counter over a window, grouped by one attribute key (see WindowedReader.increaseBy). */
  increaseBy(name: string, key: string | undefined, window: WindowName, where?: AttributeFilter): Map<string, number> {
    const out = new Map<string, number>();
    const table = this._tables.get(name);
    if (table === undefined || table.kind !== 'counter') return out;
    const columns = (window === 'rate' ? table.fine : table.coarse) as NonNullable<SeriesTable['fine']>;
    const weights = this._timeline.weights(window);
    for (const [seriesKey, row] of table.rows) {
      const attributes = table.attributes[row] as Attributes;
      if (!matches(attributes, where)) continue;
      const group = groupOf(seriesKey, attributes, key);
      out.set(group, (out.get(group) ?? 0) + columns.sum(row, weights));
    }
    return out;
  }

  /**
   * {@link increaseBy} as two arrays side by side, sorted by group in
   * code-unit order, equal groups summed: a snapshot's map is built from
   * them without a Map of every group (10 000 new Map keys cost some 1 ms).
   * Without a filter the rows' grouping is planned once per set of rows
   * (src/reader/group-plan.ts), so at every snapshot after the first it
   * costs one weighted sum per series, and allocates the values alone, off
   * the JavaScript heap (a Float64Array): the keys are the plan's.
   */
  increaseGroups(name: string, key: string, window: WindowName, where?: AttributeFilter): Groups {
    const table = this._tables.get(name);
    if (table === undefined || table.kind !== 'counter') return { keys: NO_GROUPS, values: new Float64Array(0) };
    const columns = (window === 'rate' ? table.fine : table.coarse) as NonNullable<SeriesTable['fine']>;
    const weights = this._timeline.weights(window);
    const plan = where === undefined
      ? table.groupPlan(key, () => planGroups(table, (seriesKey, attributes) => groupOf(seriesKey, attributes, key)))
      : planGroups(table, (seriesKey, attributes) => (matches(attributes, where) ? groupOf(seriesKey, attributes, key) : undefined));
    const values = new Float64Array(plan.keys.length);
    columns.sumInto(plan.rows, plan.slots, weights, values);
    return { keys: plan.keys, values };
  }

  /** Lifetime total of a counter over matching series. */
  total(name: string, where?: AttributeFilter): number {
    const table = this._tables.get(name);
    if (table === undefined || table.kind !== 'counter') return 0;
    let total = 0;
    for (const row of table.rows.values()) if (matches(table.attributes[row] as Attributes, where)) total += table.total[row] as number;
    return total;
  }

  /** Latest value of a gauge grouped by one attribute key, over series reported in sample `sample`. */
  gaugeBy(name: string, key: string | undefined, sample: number, where?: AttributeFilter): Map<string, number> {
    const out = new Map<string, number>();
    const table = this._tables.get(name);
    if (table === undefined || table.kind !== 'gauge') return out;
    for (const [seriesKey, row] of table.rows) {
      const attributes = table.attributes[row] as Attributes;
      if (table.valueSample[row] !== sample || !matches(attributes, where)) continue;
      const group = groupOf(seriesKey, attributes, key);
      out.set(group, (out.get(group) ?? 0) + (table.value[row] as number));
    }
    return out;
  }

  /** Whether a gauge was reported in sample `sample`, or a counter has been seen at all. */
  has(name: string, sample: number): boolean {
    const table = this._tables.get(name);
    if (table === undefined) return false;
    if (table.kind === 'counter') return table.size > 0;
    for (const row of table.rows.values()) if (table.valueSample[row] === sample) return true;
    return false;
  }

  /** The series currently kept for an instrument. */
  series(name: string): SeriesView[] {
    const table = this._tables.get(name);
    if (table === undefined) return [];
    return [...table.rows].map(([key, row]) => ({ attributes: table.attributes[row] as Attributes, overflow: key === OVERFLOW_KEY }));
  }

  /** Number of series kept, over all instruments. */
  seriesCount(): number {
    let n = 0;
    for (const table of this._tables.values()) n += table.size;
    return n;
  }
}

function matches(attributes: Attributes, where: AttributeFilter | undefined): boolean {
  if (where === undefined) return true;
  for (const k in where) if (attributes[k] !== where[k]) return false;
  return true;
}

function groupOf(seriesKey: string, attributes: Attributes, key: string | undefined): string {
  if (key === undefined) return '';
  const v = attributes[key];
  return groupName(seriesKey === OVERFLOW_KEY, v === undefined ? undefined : String(v));
}
