import type { Meter } from '@opentelemetry/api';
import type { MeterProvider } from '@opentelemetry/sdk-metrics';
import type { Aggregator } from '../aggregate/aggregator.ts';
import type { Snapshot } from '../aggregate/types.ts';
import type { WindowedReader } from '../reader/windowed-reader.ts';

/** Options of {@link createTelemetry}. Every field is optional. */
export interface TelemetryOptions {
  /** Monotonic clock in milliseconds, for window arithmetic. Default `performance.now`. */
  clock?: () => number;
  /** Time between background samples of the windows, in milliseconds; 0 samples only on snapshots. Default 1 000. */
  sampleIntervalMs?: number;
  /** Length of the rate window, in milliseconds. Default 60 000. */
  rateWindowMs?: number;
  /** Length of the count window, in milliseconds. Default 3 600 000. */
  countWindowMs?: number;
  /** `service.name` of the resource. Default `OTEL_SERVICE_NAME`, else `parsec`. */
  serviceName?: string;
  /** Most series the reader keeps per instrument; further attribute sets share one overflow series. Default 1 000. */
  maxSeriesPerInstrument?: number;
  /** Time one snapshot source may take, in milliseconds. Default 1 000. */
  sourceTimeoutMs?: number;
}

/** What {@link createTelemetry} returns. */
export interface Telemetry {
  /** The SDK MeterProvider, with the WindowedReader registered. */
  readonly meterProvider: MeterProvider;
  /** A meter from it (scope `parsec`), for the recorders. */
  readonly meter: Meter;
  /** The windowed in-memory reader. */
  readonly reader: WindowedReader;
  /** The aggregator over the reader's six section sources. */
  readonly aggregator: Aggregator;
  /** Takes a sample and returns the current Snapshot. */
  snapshot(): Promise<Snapshot>;
  /** Stops sampling and shuts the provider down. Idempotent. */
  shutdown(): Promise<void>;
}
