import type { Cell } from './label-cells.ts';

/**
 * A reader that takes the recorders' counter cells as they are, instead of
 * the SDK's data points for them: the WindowedReader
 * (src/reader/windowed-reader.ts). Handing over is cheaper than observing
 * by a wide margin: per cell a subtraction, where an observation costs the
 * SDK an attribute hash, a storage entry and a data point, at every
 * collection.
 */
export interface CellSink {
  /**
   * The cells of the observable counter `name`, each holding its cumulative
   * total. Called during the sink's collection, at most once per instrument
   * and meter; the sink reads the cells when it folds the collection.
   */
  counterCells(name: string, cells: Iterable<Cell>): void;
}

let active: CellSink | undefined;

/**
 * Calls `collect` (a MetricReader's `collect()`) with `sink` as the
 * collection's cell sink, and returns what it returns. The SDK calls every
 * observable callback synchronously within `collect()` (pinned by
 * test/telemetry/sdk-behaviour.test.ts), so the recorders' callbacks of that
 * collection, and only they, see the sink: every other reader's collection
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
