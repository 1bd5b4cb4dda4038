import { HISTORY_BUFFERED, HISTORY_CAPACITY } from '../instruments.ts';
import { ProviderRegistry, sumReadings, type MeterRecorders, type Provider } from './meter-recorders.ts';
import type { HistoryReading } from './types.ts';

const HISTORY = Symbol('history');

/** Adds a history reader to `parsec.history.buffered` and `.capacity` (created on first use); returns its removal. */
export function addHistoryRecorder(recorders: MeterRecorders, read: () => HistoryReading): () => void {
  const providers = recorders.family(HISTORY, (r) => {
    const registry = new ProviderRegistry<Provider<HistoryReading>>();
    const buffered = r.observable('gauge', HISTORY_BUFFERED);
    const capacity = r.observable('gauge', HISTORY_CAPACITY);
    r.meter.addBatchObservableCallback((result) => {
      const sum = sumReadings('history', registry, ['buffered', 'capacity']);
      if (sum === undefined) return;
      result.observe(buffered, sum.buffered);
      result.observe(capacity, sum.capacity);
    }, [buffered, capacity]);
    return registry;
  });
  return providers.register((id) => ({ id, read })).remove;
}
