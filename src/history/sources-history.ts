import type { Source } from '../sources/types.ts';
import { HISTORY_RANGES, historyOf } from './ranges.ts';
import type { HistoryProvider, HistoryRange, MetricsHistory } from './types.ts';

/** Whether a source answers the history request itself (as PrometheusSource does). */
export function isHistoryProvider(source: unknown): source is HistoryProvider {
  return source !== null && typeof source === 'object' && typeof (source as Partial<HistoryProvider>).metricsHistory === 'function';
}

/**
 * The history over given sources: the first one that answers it (a
 * PrometheusSource with range queries); with none, an empty history (no
 * series), since nothing recorded figures the sources alone know.
 */
export function sourcesHistory(sources: readonly Source[]): HistoryProvider {
  for (const source of sources) if (isHistoryProvider(source)) return source;
  return { metricsHistory: (range: HistoryRange): MetricsHistory => historyOf(HISTORY_RANGES[range], {}) };
}
