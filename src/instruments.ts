/**
 * The instrument contract (docs/recording.md, "Instruments"): every name, unit, attribute key and
 * description that Parsec components and the WindowedReader agree on.
 *
 * A component may record through the recorders in `record/` or directly
 * through `@opentelemetry/api` with these names; the reader reads both the
 * same way.
 */

/** Attribute key: the envelope's aspect (`chat`, `typing`, ...) on `parsec.envelopes.published`. */
export const ATTR_ASPECT = 'parsec.aspect';
/** Attribute key: `hit` or `miss` on `parsec.cache.lookups`. */
export const ATTR_CACHE_RESULT = 'parsec.cache.result';
/** Attribute key: the cache backend (`memory`, `redis`, ...) on every `parsec.cache.*` instrument. */
export const ATTR_CACHE_BACKEND = 'parsec.cache.backend';
/** Attribute key: the channel name pattern (`room:*`) on `parsec.channels.active`. */
export const ATTR_CHANNEL_PATTERN = 'parsec.channel.pattern';
/** Attribute key: `user` or `agent` on `parsec.presence.members`. */
export const ATTR_PRESENCE_KIND = 'parsec.presence.kind';

/** Value of `parsec.cache.result` for a lookup that found its entry. */
export const CACHE_RESULT_HIT = 'hit';
/** Value of `parsec.cache.result` for a lookup that did not. */
export const CACHE_RESULT_MISS = 'miss';

/** Value of `parsec.presence.kind` for a human member. */
export const PRESENCE_KIND_USER = 'user';
/** Value of `parsec.presence.kind` for an agent (bot) member. */
export const PRESENCE_KIND_AGENT = 'agent';

/**
 * The reserved attribute value that collects every series beyond the
 * per-instrument cap (`by_aspect["_other"]` in the snapshot).
 */
export const OVERFLOW_VALUE = '_other';

/** Whether an instrument is read as a counter (increase over a window) or a gauge (latest value). */
export type InstrumentKind = 'counter' | 'gauge';

/** One row of the instrument contract. */
export interface InstrumentSpec {
  /** OTel instrument name. */
  readonly name: string;
  /** How the reader interprets it. */
  readonly kind: InstrumentKind;
  /** UCUM unit. */
  readonly unit: string;
  /** Attribute keys the instrument carries (empty when none). */
  readonly attributes: readonly string[];
  /** Description exported as Prometheus HELP and OTLP description. */
  readonly description: string;
}

function spec(name: string, kind: InstrumentKind, unit: string, attributes: readonly string[], description: string): InstrumentSpec {
  return Object.freeze({ name, kind, unit, attributes: Object.freeze([...attributes]), description });
}

/** `parsec.envelopes.published`: envelopes published on Parsec channels, by aspect. */
export const ENVELOPES_PUBLISHED = spec(
  'parsec.envelopes.published', 'counter', '{envelope}', [ATTR_ASPECT],
  'Envelopes published on Parsec channels, by aspect.',
);
/** `parsec.tokens.issued`: auth tokens issued by the token broker. */
export const TOKENS_ISSUED = spec(
  'parsec.tokens.issued', 'counter', '{token}', [],
  'Auth tokens issued by the token broker.',
);
/** `parsec.tokens.revoked`: auth tokens revoked before their expiry. */
export const TOKENS_REVOKED = spec(
  'parsec.tokens.revoked', 'counter', '{token}', [],
  'Auth tokens revoked before their expiry.',
);
/** `parsec.tokens.expired`: auth tokens that reached their expiry. */
export const TOKENS_EXPIRED = spec(
  'parsec.tokens.expired', 'counter', '{token}', [],
  'Auth tokens that reached their expiry.',
);
/** `parsec.tokens.active`: auth tokens live now (issued, not yet revoked or expired), as the token broker counts them. */
export const TOKENS_ACTIVE = spec(
  'parsec.tokens.active', 'gauge', '{token}', [],
  'Auth tokens live now (issued, not yet revoked or expired), as the token broker counts them.',
);
/** `parsec.cache.lookups`: cache lookups, by result (hit or miss) and backend. */
export const CACHE_LOOKUPS = spec(
  'parsec.cache.lookups', 'counter', '{lookup}', [ATTR_CACHE_RESULT, ATTR_CACHE_BACKEND],
  'Cache lookups, by result (hit or miss) and backend.',
);
/** `parsec.cache.evictions`: cache entries evicted to make room, by backend. */
export const CACHE_EVICTIONS = spec(
  'parsec.cache.evictions', 'counter', '{entry}', [ATTR_CACHE_BACKEND],
  'Cache entries evicted to make room, by backend.',
);
/** `parsec.cache.size`: bytes held by the cache, by backend. */
export const CACHE_SIZE = spec(
  'parsec.cache.size', 'gauge', 'By', [ATTR_CACHE_BACKEND],
  'Bytes held by the cache, by backend.',
);
/** `parsec.cache.entries`: entries held by the cache, by backend. */
export const CACHE_ENTRIES = spec(
  'parsec.cache.entries', 'gauge', '{entry}', [ATTR_CACHE_BACKEND],
  'Entries held by the cache, by backend.',
);
/** `parsec.cache.up`: whether the cache statistics could be read at the last collection (1) or not (0), by backend. */
export const CACHE_UP = spec(
  'parsec.cache.up', 'gauge', '1', [ATTR_CACHE_BACKEND],
  'Whether the cache statistics could be read at the last collection (1) or not (0), by backend.',
);
/** `parsec.channels.active`: active channels, by channel name pattern. */
export const CHANNELS_ACTIVE = spec(
  'parsec.channels.active', 'gauge', '{channel}', [ATTR_CHANNEL_PATTERN],
  'Active channels, by channel name pattern.',
);
/** `parsec.presence.members`: members present on channels, by kind (user or agent). */
export const PRESENCE_MEMBERS = spec(
  'parsec.presence.members', 'gauge', '{member}', [ATTR_PRESENCE_KIND],
  'Members present on channels, by kind (user or agent).',
);
/** `parsec.presence.channels`: channels with at least one member present. */
export const PRESENCE_CHANNELS = spec(
  'parsec.presence.channels', 'gauge', '{channel}', [],
  'Channels with at least one member present.',
);
/** `parsec.history.buffered`: envelopes held in channel history buffers. */
export const HISTORY_BUFFERED = spec(
  'parsec.history.buffered', 'gauge', '{envelope}', [],
  'Envelopes held in channel history buffers.',
);
/** `parsec.history.capacity`: total capacity of channel history buffers. */
export const HISTORY_CAPACITY = spec(
  'parsec.history.capacity', 'gauge', '{envelope}', [],
  'Total capacity of channel history buffers.',
);

/** Attribute key of the self-metrics: the snapshot source at fault. */
export const ATTR_SOURCE = 'parsec.telemetry.source';

/** Self-metric: snapshot sources that failed or timed out (not part of the Parsec contract). */
export const TELEMETRY_SOURCE_ERRORS = spec(
  'parsec.telemetry.source_errors', 'counter', '{error}', [ATTR_SOURCE],
  'Snapshot sources that failed or timed out, by source.',
);

/**
 * Self-metric: when the telemetry started (createTelemetry or
 * createTelemetryReader ran), in seconds since the epoch; its instruments
 * cannot have counted before. Lets PromQL tell a node that started inside a
 * window (all it counted is in the window) from one that was already
 * counting, and one process of a node from the next.
 */
export const TELEMETRY_START_TIME = spec(
  'parsec.telemetry.start_time', 'gauge', 's', [],
  'When the telemetry started, in seconds since the Unix epoch.',
);

/** Self-metric: 1 while the reader samples (`/healthz` answers 200), 0 once sampling stalled or shut down. */
export const TELEMETRY_HEALTHY = spec(
  'parsec.telemetry.healthy', 'gauge', '1', [],
  'Whether the telemetry samples (1, /healthz answers 200) or its sampling stalled or shut down (0).',
);

/** The self-metrics, in the order of the self-metric table of docs/recording.md. */
export const SELF_INSTRUMENTS: readonly InstrumentSpec[] = Object.freeze([TELEMETRY_SOURCE_ERRORS, TELEMETRY_START_TIME, TELEMETRY_HEALTHY]);

/** The whole contract, in the order of the instrument table of docs/recording.md. */
export const INSTRUMENTS: readonly InstrumentSpec[] = Object.freeze([
  ENVELOPES_PUBLISHED,
  TOKENS_ISSUED,
  TOKENS_REVOKED,
  TOKENS_EXPIRED,
  TOKENS_ACTIVE,
  CACHE_LOOKUPS,
  CACHE_EVICTIONS,
  CACHE_SIZE,
  CACHE_ENTRIES,
  CACHE_UP,
  CHANNELS_ACTIVE,
  PRESENCE_MEMBERS,
  PRESENCE_CHANNELS,
  HISTORY_BUFFERED,
  HISTORY_CAPACITY,
]);
