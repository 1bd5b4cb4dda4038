import type { Meter } from '@opentelemetry/api';
import type { InstrumentSpec } from '../instruments.ts';
import type { Cell } from './label-cells.ts';

/**
 * A reader's collection that takes the recorders' counter cells as they
 * are, instead of the SDK's data points for them. Handing over is cheaper
 * than observing by a wide margin: per cell a read, where an observation
 * costs the SDK an attribute hash, a storage entry and a data point, at
 * every collection, and keeps a storage entry per series for every reader.
 *
 * Two kinds take cells:
 * - `increases`: the WindowedReader (src/reader/windowed-reader.ts) adds
 *   what each cell gained since it last read it, keeping that in the cell
 *   (`read`); so only one such sink reads a meter's cells, the first that
 *   asks, and any other observes them as usual;
 * - `totals`: the cell producer of a cumulative co-reader
 *   (src/telemetry/cell-producer.ts) exports each cell's total; any number.
 */
export interface CellSink {
  readonly reads: 'increases' | 'totals';
  /**
   * The cells of the observable counter `spec` on `meter`, each holding its
   * cumulative total; the sink reads them during or after its collection.
   * Returns whether it took them: when not, the recorder observes them.
   */
  counterCells(spec: InstrumentSpec, cells: Iterable<Cell>, meter: Meter): boolean;
}

/**
 * The sink of a collection whose result nobody reads (the co-readers'
 * drain, src/telemetry/collection-drain.ts): it takes the cells and keeps
 * nothing, so the collection costs nothing for them. A cumulative reader
 * loses nothing by it: its next collection carries the totals.
 */
export const DISCARD_SINK: CellSink = { reads: 'totals', counterCells: () => true };

let active: CellSink | undefined;

/**
 * Calls `collect` (a MetricReader's `collect()`) with `sink` as the
 * collection's cell sink, and returns what it returns. The SDK calls every
 * observable callback synchronously within `collect()` (pinned by
 * test/telemetry/sdk-behaviour.test.ts), so the recorders' callbacks of that
 * collection, and only they, see the sink: another reader's collection
 * observes the cells as usual.
 */
export function collectWithSink<T>(sink: CellSink, collect: () => T): T {
  const previous = active;
  active = sink;
  try {
    return collect();
  } finally {
    active = previous;
  }
}

/** The sink of the collection under way, if its reader takes cells. */
export function activeCellSink(): CellSink | undefined {
  return active;
}
