import { Aggregator } from '../aggregate/aggregator.ts';
import { numericFields } from '../history/flatten.ts';
import { HistoryRings } from '../history/history-rings.ts';
import { HISTORY_RANGES, historyOf } from '../history/ranges.ts';
import type { HistoryRange, MetricsHistory } from '../history/types.ts';
import type { Source } from '../sources/types.ts';
import type { PrometheusClient } from './prometheus-client.ts';
import type { QueryName } from './promql.ts';
import type { RangeSeries, Sample } from './types.ts';

/** What answers a source's instant queries: the PrometheusClient, or the vectors of one step of a range. */
export interface VectorClient {
  query(name: string, expr: string, signal?: AbortSignal): Promise<Sample[]>;
}

/** What the history needs of a PrometheusSource. */
export interface SteppedSource {
  readonly queries: Readonly<Record<QueryName, string>>;
  readonly options: { readonly maxSeriesPerInstrument: number };
  /** The same source reading its instant vectors from `client`. */
  withClient(client: VectorClient): Source;
}

/** The vectors of each step (by unix ms) of one range query. */
function byStep(matrix: readonly RangeSeries[]): Map<number, Sample[]> {
  const out = new Map<number, Sample[]>();
  for (const series of matrix) {
    for (const [at, value] of series.values) {
      const ms = Math.round(at * 1000);
      let vector = out.get(ms);
      if (vector === undefined) {
        vector = [];
        out.set(ms, vector);
      }
      vector.push({ labels: series.labels, value });
    }
  }
  return out;
}

/**
 * The cluster's metrics history: every query of the source's snapshot run
 * as a range query (`/api/v1/query_range`) over the range's 60 steps,
 * ending at Prometheus' own "now" (asked first, so the clocks of this
 * process and of Prometheus need not agree). Each step's vectors then go
 * through the source's own section code and the Aggregator's merge, so a
 * step's point is the snapshot an instant query at that time gives. Steps
 * where no node reported (`nodes` empty) have no point. Keys are capped per
 * map over the whole range as the local history caps them (maxSeriesPerInstrument + 1).
 */
export async function prometheusHistory(source: SteppedSource, client: PrometheusClient, range: HistoryRange, signal?: AbortSignal): Promise<MetricsHistory> {
  const spec = HISTORY_RANGES[range];
  const stepS = spec.stepMs / 1000;
  const [now] = await client.query('time', 'vector(time())', signal);
  const endS = (now as Sample).value;
  const startS = endS - (spec.points - 1) * stepS;
  const names = Object.keys(source.queries) as QueryName[];
  const matrices = await Promise.all(names.map((name) => client.queryRange(name, source.queries[name], startS, endS, stepS, signal)));
  const steps = new Map(names.map((name, i) => [name as string, byStep(matrices[i] as RangeSeries[])]));
  const ring = new HistoryRings([spec], source.options.maxSeriesPerInstrument + 1);
  const startMs = Math.round(startS * 1000);
  for (const ms of [...(steps.get('nodes') as Map<number, Sample[]>).keys()].sort((a, b) => a - b)) {
    const atStep: VectorClient = { query: async (name) => steps.get(name)?.get(ms) ?? [] };
    const snapshot = await new Aggregator({ sources: [source.withClient(atStep)], wallClock: () => ms }).snapshot();
    ring.record(ms - startMs, ms, numericFields({ ...snapshot, errors: undefined }));
  }
  return historyOf(spec, ring.series(0));
}
