// The public API of parsec-telemetry: explicit named exports only. Every name
// here has TSDoc where it is declared and a row in docs/api.md
// (test/package/public-api.test.ts checks both). The instrument contract's
// names and constants are a second entry point, src/instruments.ts
// ('parsec-telemetry/instruments'), so that this list stays what most users need.

// Wiring: one call puts the pipeline into a process
export { createTelemetry } from './telemetry/create-telemetry.ts';
export { createTelemetryReader } from './telemetry/create-telemetry-reader.ts';
export type {
  HandlerOptions,
  OtlpOptions,
  Telemetry,
  TelemetryOptions,
  TelemetryReader,
  TelemetryReaderOptions,
} from './telemetry/types.ts';
export type { ListenOptions, TelemetryServer } from './http/types.ts';

// Recording
export { EnvelopeCounters } from './record/envelope-counters.ts';
export type { AspectCounter, EnvelopeCountersOptions } from './record/envelope-counters.ts';
export { TokenCounters } from './record/token-counters.ts';
export { observeCache, observeChannels, observeHistory, observePresence, observeTokens } from './record/observe.ts';
export type { ObserveChannelsOptions } from './record/observe.ts';
export type {
  CacheReading,
  CacheStatter,
  ChannelEntry,
  ChannelLister,
  HistoryReading,
  Observation,
  ObserveCacheOptions,
  PresenceReading,
  TokenReading,
} from './record/types.ts';

// Redis-backed caches
export { observeRedis } from './redis/observe-redis.ts';
export { redisStatter } from './redis/redis-statter.ts';
export type { ObserveRedisOptions, RedisInfo, RedisStatterOptions } from './redis/types.ts';

// Reader, sources and the snapshot
export { WindowedReader } from './reader/windowed-reader.ts';
export type { WindowedReaderOptions } from './reader/types.ts';
export { readerSources } from './sources/reader-sources.ts';
export type { Source } from './sources/types.ts';
export { Aggregator } from './aggregate/aggregator.ts';
export type { AggregatorOptions, Snapshot, SourceError } from './aggregate/types.ts';

// Metrics history (GET /parsec/metrics/history)
export type { HistoryPoint, HistoryProvider, HistoryRange, MetricsHistory } from './history/types.ts';

// Cluster snapshot over Prometheus
export { PrometheusSource } from './cluster/prometheus-source.ts';
export { PrometheusQueryError } from './cluster/prometheus-query-error.ts';
export type { PrometheusSourceOptions } from './cluster/types.ts';

// Errors
export {
  ErrorCode,
  InvalidArgumentError,
  InvalidOptionError,
  ParsecTelemetryError,
  ShutDownError,
  SourceTimeoutError,
} from './errors/errors.ts';
