import { ValueType, type Meter } from '@opentelemetry/api';
import { hrTime, millisToHrTime, type InstrumentationScope } from '@opentelemetry/core';
import { emptyResource } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  DataPointType,
  type CollectionResult,
  type DataPoint,
  type MetricData,
  type MetricProducer,
  type ScopeMetrics,
} from '@opentelemetry/sdk-metrics';
import type { InstrumentSpec } from '../instruments.ts';
import type { CellSink } from '../record/cell-handoff.ts';
import type { Cell } from '../record/label-cells.ts';

interface Handed {
  readonly spec: InstrumentSpec;
  readonly cells: Iterable<Cell>;
  readonly scope: InstrumentationScope;
}

/**
 * Exports the recorders' counter cells for one cumulative co-reader (the
 * Prometheus exporter, a cumulative OTLP reader: src/telemetry/cell-readers.ts),
 * as a MetricProducer of that reader: during the reader's collection the
 * recorders hand their cells to {@link sink} instead of observing them
 * (src/record/cell-handoff.ts), and the reader then calls {@link collect},
 * which turns them into cumulative sums, the data points the SDK would have
 * made of the observations. So the SDK keeps no storage for the cells in
 * any reader, and exporting 10 000 series costs a data point each, not a
 * hash, a storage entry and a merge.
 *
 * A cell is exported under the scope of the meter its recorder was created
 * on, which `scopeOf` knows (src/telemetry/scoped-meter-provider.ts); the
 * cells of a meter it does not know are not taken, and are observed.
 */
export class CellProducer implements MetricProducer {
  /** What the reader's collection sets as its cell sink. */
  readonly sink: CellSink;
  private readonly _scopeOf: (meter: Meter) => InstrumentationScope | undefined;
  private readonly _startTime = hrTime();
  private _handed: Handed[] = [];

  constructor(scopeOf: (meter: Meter) => InstrumentationScope | undefined) {
    this._scopeOf = scopeOf;
    this.sink = {
      reads: 'totals',
      counterCells: (spec, cells, meter) => {
        const scope = this._scopeOf(meter);
        if (scope === undefined) return false;
        this._handed.push({ spec, cells, scope });
        return true;
      },
    };
  }

  /** The cells handed over during this collection, as cumulative sums grouped by scope. */
  async collect(): Promise<CollectionResult> {
    const handed = this._handed;
    this._handed = [];
    const endTime = millisToHrTime(Date.now());
    const byScope = new Map<InstrumentationScope, MetricData[]>();
    for (const { spec, cells, scope } of handed) {
      const dataPoints: DataPoint<number>[] = [];
      for (const cell of cells) dataPoints.push({ attributes: cell.attributes, startTime: this._startTime, endTime, value: cell.value });
      if (dataPoints.length === 0) continue;
      const metrics = byScope.get(scope) ?? [];
      metrics.push({
        descriptor: { name: spec.name, description: spec.description, unit: spec.unit, valueType: ValueType.DOUBLE },
        aggregationTemporality: AggregationTemporality.CUMULATIVE,
        dataPointType: DataPointType.SUM,
        isMonotonic: true,
        dataPoints,
      });
      byScope.set(scope, metrics);
    }
    const scopeMetrics: ScopeMetrics[] = [...byScope].map(([scope, metrics]) => ({ scope, metrics }));
    return { resourceMetrics: { resource: emptyResource(), scopeMetrics }, errors: [] };
  }
}
