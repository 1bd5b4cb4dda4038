import { createNoopMeter, diag, metrics, type MeterProvider } from '@opentelemetry/api';

/**
 * Whether the API has a global MeterProvider: its no-op provider hands out
 * the API's one no-op meter (test/telemetry/sdk-behaviour.test.ts pins it).
 */
function hasGlobalProvider(): boolean {
  return metrics.getMeterProvider().getMeter('parsec-telemetry') !== createNoopMeter();
}

/**
 * Registers `provider` as the API's global MeterProvider unless another one
 * is registered already; then it says so once, naming the way out, and
 * leaves the other in place. Returns whether `provider` is now the global.
 */
export function registerGlobalProvider(provider: MeterProvider): boolean {
  if (hasGlobalProvider()) {
    diag.warn(
      'parsec-telemetry: another MeterProvider is already the OpenTelemetry API\'s global one, so components using ' +
        'metrics.getMeter() record into it, not into this telemetry. In an app with its own OpenTelemetry SDK, ' +
        'use createTelemetryReader() and pass its reader to that SDK; or pass global: false to silence this.',
    );
    return false;
  }
  return metrics.setGlobalMeterProvider(provider);
}

/** Unregisters the global MeterProvider if it is `provider`; another one is left alone. */
export function unregisterGlobalProvider(provider: MeterProvider): void {
  if (metrics.getMeterProvider() === provider) metrics.disable();
}
