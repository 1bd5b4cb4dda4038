import {
  ATTR_ASPECT,
  ATTR_CACHE_BACKEND,
  ATTR_CACHE_RESULT,
  ATTR_CHANNEL_PATTERN,
  ATTR_PRESENCE_KIND,
  CACHE_ENTRIES,
  CACHE_EVICTIONS,
  CACHE_LOOKUPS,
  CACHE_SIZE,
  CACHE_UP,
  CHANNELS_ACTIVE,
  ENVELOPES_PUBLISHED,
  HISTORY_BUFFERED,
  HISTORY_CAPACITY,
  INSTRUMENTS,
  PRESENCE_CHANNELS,
  PRESENCE_MEMBERS,
  TOKENS_ACTIVE,
  TOKENS_EXPIRED,
  TOKENS_ISSUED,
  TOKENS_REVOKED,
  TELEMETRY_START_TIME,
  type InstrumentSpec,
} from '../instruments.ts';
import type { ResolvedPrometheusSourceOptions } from './types.ts';

/** The Prometheus label of the SDK's overflow series (attribute `otel.metric.overflow`). */
export const OVERFLOW_LABEL = 'otel_metric_overflow';

/** An OTel attribute key as a Prometheus label name (`parsec.aspect` → `parsec_aspect`). */
export function labelName(attribute: string): string {
  return attribute.replace(/[^A-Za-z0-9_]/g, '_');
}

/** Unit suffixes the OpenTelemetry Collector's Prometheus exporter adds (our own exporter adds none). */
const UNIT_SUFFIXES: Readonly<Record<string, string>> = Object.freeze({ By: 'bytes', '1': 'ratio', s: 'seconds' });

/**
 * The Prometheus names an instrument is exported under: `parsec_cache_size`
 * from our exporter, and `parsec_cache_size_bytes` behind a Collector that
 * adds unit suffixes. Counters end in `_total`.
 */
export function prometheusNames(spec: InstrumentSpec): string[] {
  const base = labelName(spec.name);
  const suffix = UNIT_SUFFIXES[spec.unit];
  const total = spec.kind === 'counter' ? '_total' : '';
  return suffix === undefined ? [`${base}${total}`] : [`${base}${total}`, `${base}_${suffix}${total}`];
}

/**
 * A duration in milliseconds as PromQL writes it, in the largest unit that
 * divides it: `1h`, `1m`, `90s`, `1500ms`.
 */
export function promDuration(ms: number): string {
  for (const [unit, size] of [['h', 3_600_000], ['m', 60_000], ['s', 1_000]] as const) {
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

/** The step of a coverage subquery over a window: 1/60 of it, at least 1 s, in whole seconds. */
export function coverageStepMs(windowMs: number): number {
  return Math.max(1_000, Math.round(windowMs / 60 / 1_000) * 1_000);
}

/**
 * The step at which the counts of a node that started inside a window look
 * for its restarts: at most the scrape interval, so that the value seen of a
 * process before a restart is its last scrape.
 */
export const RESTART_STEP_MS = 1_000;

/** The longest gap between a process' last scrape and the next one's first that still counts as a restart. */
export const RESTART_GAP_MS = 300_000;

/** The names of the queries a {@link PrometheusSource} runs. */
export type QueryName =
  | 'nodes'
  | 'rateCoverage'
  | 'countCoverage'
  | 'channelsByPattern'
  | 'envelopesByAspect'
  | 'presenceByKind'
  | 'presenceChannels'
  | 'historyBuffered'
  | 'historyCapacity'
  | 'tokensIssued'
  | 'tokensRevoked'
  | 'tokensIssuedTotal'
  | 'tokensRevokedTotal'
  | 'tokensExpiredTotal'
  | 'tokensActive'
  | 'cacheLookups'
  | 'cacheEvictions'
  | 'cacheSize'
  | 'cacheEntries'
  | 'cacheUp';

/**
 * Every PromQL query of a cluster snapshot, built from the options. All are
 * instant queries returning a vector; the source computes ratios, the rate
 * and `active_count` from their results.
 */
export function clusterQueries(o: Pick<ResolvedPrometheusSourceOptions, 'matchers' | 'nodeLabels' | 'rateWindowMs' | 'countWindowMs'>): Readonly<Record<QueryName, string>> {
  const m = o.matchers;
  const sel = (spec: InstrumentSpec): string => {
    const names = prometheusNames(spec);
    if (names.length > 1) return `{__name__=~"${names.join('|')}"${m === '' ? '' : `,${m}`}}`;
    return m === '' ? (names[0] as string) : `${names[0] as string}{${m}}`;
  };
  const by = (...attributes: string[]): string => [...attributes.map(labelName), OVERFLOW_LABEL].join(', ');
  const nodeBy = o.nodeLabels.join(', ');
  // The nodes whose telemetry started inside a window, valued at that start
  // (seconds since the epoch): all they counted is in the window.
  const began = (windowMs: number): string =>
    `min by (${nodeBy}) (min_over_time(${sel(TELEMETRY_START_TIME)}[${promDuration(windowMs)}])) > time() - ${windowMs / 1000}`;
  // A counter's count over a window, per series. A series whose node started
  // inside the window counts from zero: its last value in the window, plus
  // the value each earlier process of the node had at its last scrape (found
  // at the steps where the node's start time changed: a restart, bridged over
  // a gap of up to RESTART_GAP_MS; a failed scrape changes nothing). Any
  // other series: increase(), which Prometheus extrapolates.
  const counted = (spec: InstrumentSpec, windowMs: number): string => {
    const c = sel(spec);
    const st = sel(TELEMETRY_START_TIME);
    const w = promDuration(windowMs);
    const step = promDuration(RESTART_STEP_MS);
    const gap = `[${promDuration(RESTART_GAP_MS)}] offset ${step}`;
    const restarted = `max by (${nodeBy}) (${st}) != max by (${nodeBy}) (last_over_time(${st}${gap}))`;
    const ended = `sum_over_time(((last_over_time(${c}${gap}) and ${c}) and on(${nodeBy}) (${restarted}))[${w}:${step}])`;
    const last = `last_over_time(${c}[${w}])`;
    return `(increase(${c}[${w}]) unless on(${nodeBy}) (${began(windowMs)})) or `
      + `(((${last} + ${ended}) or ${last}) and on(${nodeBy}) (${began(windowMs)}))`;
  };
  const timestamps = INSTRUMENTS.map((i) => `timestamp(${sel(i)})`).join(' or ');
  // The age of the oldest sample in a window (plus one step, so that a full
  // window is recognised): `or` adds series too young for any subquery step,
  // and the start of nodes that started inside the window (their counts
  // cover the time since then).
  const coverage = (windowMs: number): string => {
    const step = coverageStepMs(windowMs);
    return `time() - min(min_over_time((${timestamps})[${promDuration(windowMs + step)}:${promDuration(step)}]) or (${timestamps}) or (${began(windowMs)}))`;
  };
  return Object.freeze({
    nodes: `count(count by (${nodeBy}) ({__name__=~"parsec_.+"${m === '' ? '' : `,${m}`}}))`,
    rateCoverage: coverage(o.rateWindowMs),
    countCoverage: coverage(o.countWindowMs),
    channelsByPattern: `sum by (${by(ATTR_CHANNEL_PATTERN)}) (${sel(CHANNELS_ACTIVE)})`,
    envelopesByAspect: `sum by (${by(ATTR_ASPECT)}) (${counted(ENVELOPES_PUBLISHED, o.rateWindowMs)})`,
    presenceByKind: `sum by (${labelName(ATTR_PRESENCE_KIND)}) (${sel(PRESENCE_MEMBERS)})`,
    presenceChannels: `sum(${sel(PRESENCE_CHANNELS)})`,
    historyBuffered: `sum(${sel(HISTORY_BUFFERED)})`,
    historyCapacity: `sum(${sel(HISTORY_CAPACITY)})`,
    tokensIssued: `sum(${counted(TOKENS_ISSUED, o.countWindowMs)})`,
    tokensRevoked: `sum(${counted(TOKENS_REVOKED, o.countWindowMs)})`,
    tokensIssuedTotal: `sum(${sel(TOKENS_ISSUED)})`,
    tokensRevokedTotal: `sum(${sel(TOKENS_REVOKED)})`,
    tokensExpiredTotal: `sum(${sel(TOKENS_EXPIRED)})`,
    tokensActive: `sum(${sel(TOKENS_ACTIVE)})`,
    cacheLookups: `sum by (${by(ATTR_CACHE_BACKEND, ATTR_CACHE_RESULT)}) (${counted(CACHE_LOOKUPS, o.rateWindowMs)})`,
    cacheEvictions: `sum by (${by(ATTR_CACHE_BACKEND)}) (${counted(CACHE_EVICTIONS, o.countWindowMs)})`,
    cacheSize: `sum by (${by(ATTR_CACHE_BACKEND)}) (${sel(CACHE_SIZE)})`,
    cacheEntries: `sum by (${by(ATTR_CACHE_BACKEND)}) (${sel(CACHE_ENTRIES)})`,
    cacheUp: `min by (${by(ATTR_CACHE_BACKEND)}) (${sel(CACHE_UP)})`,
  });
}
