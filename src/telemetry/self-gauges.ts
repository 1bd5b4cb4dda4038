import { createNoopMeter, type Meter } from '@opentelemetry/api';
import { TELEMETRY_HEALTHY, TELEMETRY_START_TIME } from '../instruments.ts';

/**
 * Registers the self-gauges `parsec.telemetry.start_time` and
 * `parsec.telemetry.healthy` on the meter `meterOf` returns, once that meter
 * is not the API's no-op one (a gauge registered there would stay no-op for
 * good). Call the returned function again (say after each sample) until it
 * returns true; then it does nothing.
 *
 * @param startTimeS when the telemetry started, in seconds since the epoch (read at registration).
 * @param healthy whether `/healthz` answers 200 now.
 */
export function selfGauges(meterOf: () => Meter, startTimeS: () => number, healthy: () => boolean): () => boolean {
  let registered = false;
  return () => {
    if (registered) return true;
    const m = meterOf();
    if (m === createNoopMeter()) return false;
    registered = true;
    const start = startTimeS();
    m.createObservableGauge(TELEMETRY_START_TIME.name, { description: TELEMETRY_START_TIME.description, unit: TELEMETRY_START_TIME.unit })
      .addCallback((r) => r.observe(start));
    m.createObservableGauge(TELEMETRY_HEALTHY.name, { description: TELEMETRY_HEALTHY.description, unit: TELEMETRY_HEALTHY.unit })
      .addCallback((r) => r.observe(healthy() ? 1 : 0));
    return true;
  };
}
