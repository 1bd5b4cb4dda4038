// The public API of parsec-telemetry: explicit named exports only.

// Instrument contract
export {
  ATTR_ASPECT,
  ATTR_CACHE_BACKEND,
  ATTR_CACHE_RESULT,
  ATTR_CHANNEL_PATTERN,
  ATTR_PRESENCE_KIND,
  ATTR_SOURCE,
  CACHE_ENTRIES,
  CACHE_EVICTIONS,
  CACHE_LOOKUPS,
  CACHE_RESULT_HIT,
  CACHE_RESULT_MISS,
  CACHE_SIZE,
  CACHE_UP,
  CHANNELS_ACTIVE,
  ENVELOPES_PUBLISHED,
  HISTORY_BUFFERED,
  HISTORY_CAPACITY,
  INSTRUMENTS,
  OVERFLOW_VALUE,
  PRESENCE_CHANNELS,
  PRESENCE_KIND_AGENT,
  PRESENCE_KIND_USER,
  PRESENCE_MEMBERS,
  SELF_INSTRUMENTS,
  TELEMETRY_HEALTHY,
  TELEMETRY_SOURCE_ERRORS,
  TELEMETRY_START_TIME,
  TOKENS_ACTIVE,
  TOKENS_EXPIRED,
  TOKENS_ISSUED,
  TOKENS_REVOKED,
} from './instruments.ts';
export type { InstrumentKind, InstrumentSpec } from './instruments.ts';

// Recording
export { EnvelopeCounters } from './record/envelope-counters.ts';
export type { AspectCounter, EnvelopeCountersOptions } from './record/envelope-counters.ts';
export { TokenCounters } from './record/token-counters.ts';
export { observeCache, observeChannels, observeHistory, observePresence, observeTokens } from './record/observe.ts';
export type { ObserveChannelsOptions } from './record/observe.ts';
export { INVALID_LABEL, MAX_LABEL_LENGTH } from './record/sanitize.ts';
export { observeRedis } from './redis/observe-redis.ts';
export { parseRedisInfo, REDIS_INFO_FIELDS } from './redis/parse-info.ts';
export { REDIS_INFO_MAX_AGE_MS, redisStatter } from './redis/redis-statter.ts';
export type { ObserveRedisOptions, RedisCacheReading, RedisInfo, RedisStatterOptions } from './redis/types.ts';
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

// Reader
export { WindowedReader, OVERFLOW_ATTRIBUTES } from './reader/windowed-reader.ts';
export type { AttributeFilter } from './reader/windowed-reader.ts';
export { READER_DEFAULTS } from './reader/options.ts';
export type { Coverage, ReaderHealth, SeriesView, WindowName, WindowedReaderOptions } from './reader/types.ts';

// Sources
export { CacheSource } from './sources/cache-source.ts';
export { ChannelSource } from './sources/channel-source.ts';
export { EnvelopeSource } from './sources/envelope-source.ts';
export { HistorySource } from './sources/history-source.ts';
export { PresenceSource } from './sources/presence-source.ts';
export { TokenSource } from './sources/token-source.ts';
export { readerSources } from './sources/reader-sources.ts';
export type {
  CacheBackendStats,
  CacheStats,
  ChannelStats,
  EnvelopeStats,
  HistoryStats,
  PresenceStats,
  Source,
  TokenStats,
  WindowStats,
} from './sources/types.ts';

// Aggregation
export { Aggregator, DEFAULT_SOURCE_TIMEOUT_MS } from './aggregate/aggregator.ts';
export type { AggregatorOptions, Snapshot, SourceError } from './aggregate/types.ts';

// Wiring
export { createTelemetry } from './telemetry/create-telemetry.ts';
export { createTelemetryReader } from './telemetry/create-telemetry-reader.ts';
export type { HandlerOptions, OtlpOptions, Telemetry, TelemetryOptions, TelemetryReader, TelemetryReaderOptions } from './telemetry/types.ts';

// Cluster snapshot over Prometheus
export { PrometheusSource } from './cluster/prometheus-source.ts';
export { PrometheusQueryError, PROMETHEUS_QUERY_ERROR_CODE } from './cluster/prometheus-query-error.ts';
export type { PrometheusSourceOptions } from './cluster/types.ts';

// HTTP
export { createRouter } from './http/router.ts';
export type { Route } from './http/router.ts';
export type { Handler, HealthStatus, ListenOptions, TelemetryServer } from './http/types.ts';

// Dashboard
export { createDashboardRoutes, DASHBOARD_CSP, DASHBOARD_PATH } from './dashboard/dashboard-routes.ts';

// Errors
export {
  ErrorCode,
  InvalidArgumentError,
  InvalidOptionError,
  ParsecTelemetryError,
  ShutDownError,
  SourceTimeoutError,
} from './errors/errors.ts';
