import {
  ATTR_ASPECT,
  ATTR_CACHE_BACKEND,
  ATTR_CACHE_RESULT,
  ATTR_CHANNEL_PATTERN,
  ATTR_PRESENCE_KIND,
  CACHE_RESULT_HIT,
  CACHE_RESULT_MISS,
  PRESENCE_KIND_AGENT,
  PRESENCE_KIND_USER,
} from '../instruments.ts';
import { cacheSection, channelsSection, envelopesSection, historySection, presenceSection, round, tokensSection } from '../sources/sections.ts';
import type {
  CacheStats,
  ChannelStats,
  EnvelopeStats,
  HistoryStats,
  PresenceStats,
  Source,
  TokenStats,
  WindowStats,
} from '../sources/types.ts';
import type { HistoryRange, MetricsHistory } from '../history/types.ts';
import { resolvePrometheusSourceOptions } from './options.ts';
import { PrometheusClient } from './prometheus-client.ts';
import { prometheusHistory, type VectorClient } from './prometheus-history.ts';
import { clusterQueries, labelName, type QueryName } from './promql.ts';
import type { PrometheusSourceOptions, ResolvedPrometheusSourceOptions, Sample } from './types.ts';
import { capGroups, sumBy, total } from './vector.ts';

const ASPECT = labelName(ATTR_ASPECT);
const BACKEND = labelName(ATTR_CACHE_BACKEND);
const RESULT = labelName(ATTR_CACHE_RESULT);
const PATTERN = labelName(ATTR_CHANNEL_PATTERN);
const KIND = labelName(ATTR_PRESENCE_KIND);

/**
 * A Source for a whole cluster: every Snapshot section computed with PromQL
 * over a Prometheus-compatible store that holds the `parsec_*` metrics of
 * every node (scraped at their `/metrics`, or pushed through a Collector).
 * Counts are over the rate or count window: `increase()`, or for a node
 * that started inside the window everything it counted (the counting rule in
 * src/cluster/promql.ts), gauges are summed
 * over the nodes, percentages are ratios of sums, and `nodes` counts the
 * instances reporting. A section whose metrics no node exports is not
 * reported. Any failed query (unreachable, timeout, error answer) rejects
 * with a {@link PrometheusQueryError}, which the aggregator lists in
 * `errors`.
 *
 * All queries are instant queries at Prometheus' own "now", so the clocks
 * of this process and of Prometheus need not agree.
 */
export class PrometheusSource implements Source {
  readonly name: string;
  /** The options after defaults. */
  readonly options: ResolvedPrometheusSourceOptions;
  /** Every PromQL query the source runs, by name. */
  readonly queries: Readonly<Record<QueryName, string>>;
  private readonly _client: PrometheusClient;
  // One coverage query per window per snapshot: window() and envelopes() share it by signal.
  private readonly _coverage = new WeakMap<AbortSignal, Map<'rate' | 'count', Promise<number>>>();

  /** Invalid options throw an InvalidOptionError naming the option. */
  constructor(options: PrometheusSourceOptions) {
    this.options = resolvePrometheusSourceOptions(options);
    this.name = this.options.name;
    this.queries = clusterQueries(this.options);
    this._client = new PrometheusClient(this.options.url, this.options.queryTimeoutMs, this.options.headers);
  }

  /** The query endpoint, `<url>/api/v1/query`. */
  get endpoint(): string {
    return this._client.endpoint;
  }

  /**
   * The metrics history over `range`: the snapshot's queries as range
   * queries, each step through the same section code
   * (src/cluster/prometheus-history.ts). Rejects with a PrometheusQueryError
   * when a query fails.
   */
  metricsHistory(range: HistoryRange, signal?: AbortSignal): Promise<MetricsHistory> {
    return prometheusHistory(this, this._client, range, signal);
  }

  /** This source reading its instant vectors from `client` (one step of a range, for the history). */
  withClient(client: VectorClient): PrometheusSource {
    return Object.create(this, { _client: { value: client } }) as PrometheusSource;
  }

  /** Nodes reporting `parsec_*` metrics now: distinct values of `nodeLabels`. */
  async nodes(signal?: AbortSignal): Promise<number> {
    return total(await this._query('nodes', signal));
  }

  async window(signal?: AbortSignal): Promise<WindowStats> {
    const [rate, countQueried] = await Promise.all([this._covered('rate', signal), this._covered('count', signal)]);
    const rateWindow = this.options.rateWindowMs / 1000;
    const countWindow = this.options.countWindowMs / 1000;
    // The count window's subquery sees data only at its (coarse) steps; the
    // rate window's finer one is exact while the data is younger than it.
    const count = rate < rateWindow ? rate : Math.max(rate, countQueried);
    return {
      rate_window_seconds: rateWindow,
      rate_covered_seconds: round(rate),
      count_window_seconds: countWindow,
      count_covered_seconds: round(count),
      partial: rate < rateWindow || count < countWindow,
    };
  }

  async channels(signal?: AbortSignal): Promise<ChannelStats | undefined> {
    const samples = await this._query('channelsByPattern', signal);
    if (samples.length === 0) return undefined;
    return channelsSection(this._groups(samples, PATTERN));
  }

  async envelopes(signal?: AbortSignal): Promise<EnvelopeStats | undefined> {
    const [samples, covered] = await Promise.all([this._query('envelopesByAspect', signal), this._covered('rate', signal)]);
    if (samples.length === 0) return undefined;
    // Over the seconds Prometheus has data for (the whole window once it has been scraping that long).
    return envelopesSection(this._groups(samples, ASPECT), covered);
  }

  async presence(signal?: AbortSignal): Promise<PresenceStats | undefined> {
    const [members, channelSamples] = await this._all(['presenceByKind', 'presenceChannels'], signal);
    if (members.length === 0 && channelSamples.length === 0) return undefined;
    const byKind = sumBy(members, KIND);
    return presenceSection(byKind.get(PRESENCE_KIND_USER) ?? 0, byKind.get(PRESENCE_KIND_AGENT) ?? 0, total(channelSamples));
  }

  async history(signal?: AbortSignal): Promise<HistoryStats | undefined> {
    const [bufferedSamples, capacitySamples] = await this._all(['historyBuffered', 'historyCapacity'], signal);
    if (bufferedSamples.length === 0 && capacitySamples.length === 0) return undefined;
    return historySection(total(bufferedSamples), total(capacitySamples));
  }

  async tokens(signal?: AbortSignal): Promise<TokenStats | undefined> {
    const results = await this._all(['tokensIssued', 'tokensRevoked', 'tokensIssuedTotal', 'tokensRevokedTotal', 'tokensExpiredTotal', 'tokensActive'], signal);
    if (results.every((r) => r.length === 0)) return undefined;
    const [issued, revoked, issuedTotal, revokedTotal, expiredTotal, active] = results as Sample[][] as [Sample[], Sample[], Sample[], Sample[], Sample[], Sample[]];
    // Totals are the counters' current values: since each node started, as a node's own snapshot counts.
    // The live count the token brokers report wins when there is one (see src/sources/token-source.ts).
    return tokensSection(total(issued), total(revoked), total(issuedTotal), total(revokedTotal), total(expiredTotal), active.length > 0 ? total(active) : undefined);
  }

  async cache(signal?: AbortSignal): Promise<CacheStats | undefined> {
    const [lookups, evictionSamples, sizeSamples, entrySamples, upSamples] = await this._all(
      ['cacheLookups', 'cacheEvictions', 'cacheSize', 'cacheEntries', 'cacheUp'],
      signal,
    );
    if (lookups.length === 0 && evictionSamples.length === 0 && sizeSamples.length === 0 && entrySamples.length === 0) return undefined;
    return cacheSection({
      hits: this._groups(lookups, BACKEND, { [RESULT]: CACHE_RESULT_HIT }),
      misses: this._groups(lookups, BACKEND, { [RESULT]: CACHE_RESULT_MISS }),
      evictions: this._groups(evictionSamples, BACKEND),
      size: this._groups(sizeSamples, BACKEND),
      entries: this._groups(entrySamples, BACKEND),
      // A backend is unavailable when any node reports it down (min by backend is 0), as merging node snapshots says.
      up: this._groups(upSamples, BACKEND),
    });
  }

  /** Sums samples by one label, cleaned and capped as the local reader does (src/cluster/vector.ts). */
  private _groups(samples: readonly Sample[], label: string, where?: Readonly<Record<string, string>>): Map<string, number> {
    return capGroups(sumBy(samples, label, where), this.options.maxSeriesPerInstrument);
  }

  private _query(name: QueryName, signal: AbortSignal | undefined): Promise<Sample[]> {
    return this._client.query(name, this.queries[name], signal);
  }

  /** Runs queries concurrently; resolves with their vectors in order. */
  private _all<const N extends readonly QueryName[]>(names: N, signal: AbortSignal | undefined): Promise<{ -readonly [K in keyof N]: Sample[] }> {
    return Promise.all(names.map((n) => this._query(n, signal))) as Promise<{ -readonly [K in keyof N]: Sample[] }>;
  }

  /** Seconds of a window Prometheus has data for: the oldest sample's age, at most the window. */
  private _covered(window: 'rate' | 'count', signal: AbortSignal | undefined): Promise<number> {
    let shared = signal === undefined ? undefined : this._coverage.get(signal);
    const cached = shared?.get(window);
    if (cached !== undefined) return cached;
    const windowSeconds = (window === 'rate' ? this.options.rateWindowMs : this.options.countWindowMs) / 1000;
    const promise = this._query(window === 'rate' ? 'rateCoverage' : 'countCoverage', signal).then((samples) =>
      samples.length === 0 ? 0 : Math.min(windowSeconds, Math.max(0, total(samples))),
    );
    if (signal !== undefined) {
      shared ??= new Map();
      shared.set(window, promise);
      this._coverage.set(signal, shared);
    }
    return promise;
  }
}
