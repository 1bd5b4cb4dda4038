import { DEMO_DEFAULTS } from '../demo/resolve-demo-options.ts';
import { SERVER_DEFAULTS } from '../http/listen.ts';

/** Defaults of the `parsec-telemetry` options: the server's and the demo node's own, and the CLI's logging. */
export const CLI_DEFAULTS = Object.freeze({
  /** Listen on loopback only unless told otherwise (src/http/listen.ts). */
  host: SERVER_DEFAULTS.host,
  /** The Prometheus exporter's conventional port (src/http/listen.ts). */
  port: SERVER_DEFAULTS.port,
  /** Envelopes per second of the demo node (src/demo/resolve-demo-options.ts). */
  rate: DEMO_DEFAULTS.ratePerSecond,
  /** Diagnostics at info and above (OTEL_LOG_LEVEL overrides). */
  logLevel: 'info',
  /** One `time level message` line per event. */
  logFormat: 'text',
});

/** Highest `--rate` accepted. */
export const MAX_RATE = 1_000_000;
