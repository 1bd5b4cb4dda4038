import { createNoopMeter, type Counter, type Meter } from '@opentelemetry/api';
import { TELEMETRY_HEALTHY, TELEMETRY_SOURCE_ERRORS, TELEMETRY_START_TIME } from '../instruments.ts';

/**
 * The telemetry's own instruments, made by `create` on the meter `meterOf`
 * returns once that meter is not the API's no-op one (an instrument made
 * there would stay no-op for good). The returned function makes them at its
 * first call with a real meter and returns them from then on; before, it
 * returns undefined (call it again later, say after each sample).
 */
function onceRealMeter<T>(meterOf: () => Meter, create: (meter: Meter) => T): () => T | undefined {
  let made: { value: T } | undefined;
  return () => {
    if (made !== undefined) return made.value;
    const m = meterOf();
    if (m === createNoopMeter()) return undefined;
    made = { value: create(m) };
    return made.value;
  };
}

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
  const register = onceRealMeter(meterOf, (m) => {
    const start = startTimeS();
    m.createObservableGauge(TELEMETRY_START_TIME.name, { description: TELEMETRY_START_TIME.description, unit: TELEMETRY_START_TIME.unit })
      .addCallback((r) => r.observe(start));
    m.createObservableGauge(TELEMETRY_HEALTHY.name, { description: TELEMETRY_HEALTHY.description, unit: TELEMETRY_HEALTHY.unit })
      .addCallback((r) => r.observe(healthy() ? 1 : 0));
    return true;
  });
  return () => register() === true;
}

/** The self-counter `parsec.telemetry.source_errors`, made on the first call with a real meter; undefined before. */
export function selfCounter(meterOf: () => Meter): () => Counter | undefined {
  return onceRealMeter(meterOf, (m) =>
    m.createCounter(TELEMETRY_SOURCE_ERRORS.name, { description: TELEMETRY_SOURCE_ERRORS.description, unit: TELEMETRY_SOURCE_ERRORS.unit }));
}
