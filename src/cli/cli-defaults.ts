/** Defaults of the `parsec-telemetry` options. */
export const CLI_DEFAULTS = Object.freeze({
  /** Listen on loopback only unless told otherwise. */
  host: '127.0.0.1',
  /** The Prometheus exporter's conventional port. */
  port: 9464,
  /** Envelopes per second of the demo node. */
  rate: 50,
  /** Diagnostics at info and above (OTEL_LOG_LEVEL overrides). */
  logLevel: 'info',
  /** One `time level message` line per event. */
  logFormat: 'text',
});

/** Highest `--rate` accepted. */
export const MAX_RATE = 1_000_000;
