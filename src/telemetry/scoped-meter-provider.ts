import type { Meter, MeterOptions } from '@opentelemetry/api';
import type { InstrumentationScope } from '@opentelemetry/core';
import { MeterProvider } from '@opentelemetry/sdk-metrics';

/**
 * A MeterProvider that remembers the instrumentation scope of each meter it
 * hands out, for the cell producers (src/telemetry/cell-producer.ts), which
 * export a recorder's cells under its meter's scope as the SDK would. The
 * scope is what the SDK makes of the arguments: a name that is not a
 * non-empty string is the empty name.
 */
export class ScopedMeterProvider extends MeterProvider {
  private readonly _scopes = new WeakMap<Meter, InstrumentationScope>();

  override getMeter(name: string, version = '', options: MeterOptions = {}): Meter {
    const meter = super.getMeter(name, version, options);
    if (!this._scopes.has(meter)) {
      this._scopes.set(meter, { name: typeof name === 'string' ? name : '', version, schemaUrl: options.schemaUrl });
    }
    return meter;
  }

  /** The scope of a meter this provider handed out; undefined for any other. */
  scopeOf(meter: Meter): InstrumentationScope | undefined {
    return this._scopes.get(meter);
  }
}
