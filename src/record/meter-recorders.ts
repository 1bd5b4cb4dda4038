import type { Attributes, BatchObservableResult, Meter, Observable, ObservableResult } from '@opentelemetry/api';
import { describeError } from '../diag/describe-value.ts';
import { recorderDiag } from '../diag/throttled-diag.ts';
import { InvalidArgumentError } from '../errors/errors.ts';
import {
  ATTR_CACHE_BACKEND,
  ATTR_CACHE_RESULT,
  ATTR_CHANNEL_PATTERN,
  ATTR_PRESENCE_KIND,
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
  OVERFLOW_VALUE,
  PRESENCE_CHANNELS,
  PRESENCE_KIND_AGENT,
  PRESENCE_KIND_USER,
  PRESENCE_MEMBERS,
  TOKENS_ACTIVE,
  TOKENS_EXPIRED,
  TOKENS_ISSUED,
  TOKENS_REVOKED,
  type InstrumentSpec,
} from '../instruments.ts';
import { LabelCells, type Cell } from './label-cells.ts';
import { Monotonic } from './monotonic.ts';
import { isValidReading, keepable, rawKey, sanitizeLabel } from './sanitize.ts';
import type { CacheReading, ChannelLister, HistoryReading, PresenceReading, TokenReading } from './types.ts';

/** Default cap on distinct aspects (and channel patterns) per meter. */
export const DEFAULT_MAX_LABELS = 1000;

/**
 * Time an async cache statter may take before its reading is skipped, in
 * milliseconds: below the reader's default collect timeout (750 ms), so one
 * slow cache costs its own reading, not the whole cache callback.
 */
export const CACHE_READ_TIMEOUT_MS = 500;

interface CacheProvider {
  readonly id: number;
  readonly read: () => CacheReading | Promise<CacheReading>;
  readonly backend: string;
  readonly hits: Monotonic;
  readonly misses: Monotonic;
  readonly evictions: Monotonic;
  sizeBytes: number;
  entries: number;
  /** Whether the last reading succeeded. */
  up: boolean;
}

interface CacheTotals {
  hits: number;
  misses: number;
  evictions: number;
  sizeBytes: number;
  entries: number;
  up: number;
}

interface Provider<T> {
  readonly id: number;
  readonly read: () => T;
}

interface CacheAttributes {
  readonly hit: Attributes;
  readonly miss: Attributes;
  readonly backend: Attributes;
}

interface ChannelPatterns {
  readonly max: number;
  /** Raw pattern (a string of at most 128 characters) → its label. */
  readonly known: Map<string, string>;
}

let nextProviderId = 1;

/**
 * Everything the recorders keep for one Meter. Two recorders of the same
 * kind on one meter share state and instruments, so their counts add up
 * instead of overwriting each other (an observable instrument keeps one
 * value per attribute set and callback round).
 */
export class MeterRecorders {
  readonly meter: Meter;
  private _envelopes: LabelCells | undefined;
  private _tokens: { issued: Cell; revoked: Cell; expired: Cell } | undefined;
  private readonly _caches = new Set<CacheProvider>();
  private _cacheInstruments = false;
  private readonly _channelListers = new Set<Provider<readonly { pattern: unknown }[]>>();
  private _channelPatterns: ChannelPatterns | undefined;
  private readonly _presence = new Set<Provider<PresenceReading>>();
  private readonly _history = new Set<Provider<HistoryReading>>();
  private readonly _activeTokens = new Set<Provider<TokenReading>>();
  private _presenceInstruments = false;
  private _historyInstruments = false;
  private _activeTokensInstrument = false;
  /** Frozen attribute sets per cache backend label, capped like every label map. */
  private readonly _cacheAttrs = new Map<string, CacheAttributes>();

  /**
   * Observe only the cells that changed since the last observation. Sound
   * only when one SDK storage serves every reader of this meter (the views
   * of createTelemetry make it so; it sets this flag): an unobserved set then
   * keeps its cumulative total in every cumulative reader and adds 0 to the
   * delta one, while a sample of 10 000 idle series costs next to nothing.
   * With one storage per reader a reader could miss a change another
   * reader's collection took, so the default observes every cell.
   */
  reportChangesOnly = false;

  constructor(meter: Meter) {
    this.meter = meter;
  }

  private _report(result: ObservableResult, cell: Cell): void {
    if (this.reportChangesOnly && cell.value === cell.reported) return;
    cell.reported = cell.value;
    result.observe(cell.value, cell.attributes);
  }

  /** The envelope cells, creating `parsec.envelopes.published` on first use. */
  envelopes(maxAspects: number): LabelCells {
    if (this._envelopes === undefined) {
      const cells = new LabelCells('parsec.aspect', 'aspect', maxAspects);
      this._envelopes = cells;
      const counter = this._observable('counter', ENVELOPES_PUBLISHED);
      counter.addCallback((result) => {
        for (const cell of cells.byLabel.values()) this._report(result, cell);
      });
    }
    return this._envelopes;
  }

  /** The token cells, creating the three token counters on first use. */
  tokens(): { issued: Cell; revoked: Cell; expired: Cell } {
    if (this._tokens === undefined) {
      const attributes: Attributes = Object.freeze({});
      const tokens = {
        issued: { value: 0, reported: -1, attributes },
        revoked: { value: 0, reported: -1, attributes },
        expired: { value: 0, reported: -1, attributes },
      };
      this._tokens = tokens;
      this._observable('counter', TOKENS_ISSUED).addCallback((r) => this._report(r, tokens.issued));
      this._observable('counter', TOKENS_REVOKED).addCallback((r) => this._report(r, tokens.revoked));
      this._observable('counter', TOKENS_EXPIRED).addCallback((r) => this._report(r, tokens.expired));
    }
    return this._tokens;
  }

  addCache(read: () => CacheReading | Promise<CacheReading>, backendRaw: unknown): () => void {
    const backend = keepable(sanitizeLabel('cache backend', backendRaw));
    const provider: CacheProvider = {
      id: nextProviderId++,
      read,
      backend,
      hits: new Monotonic(),
      misses: new Monotonic(),
      evictions: new Monotonic(),
      sizeBytes: 0,
      entries: 0,
      up: true,
    };
    this._caches.add(provider);
    this._ensureCacheInstruments();
    // Take the baseline now when the statter answers synchronously, so that
    // lookups between registration and the first collection are counted.
    try {
      const first = read();
      if (!isPromise(first)) applyCacheReading(provider, first);
      else first.then((r) => safeApplyCacheReading(provider, r), () => undefined);
    } catch (err) {
      providerFailed('cache statter', provider.id, err);
    }
    return () => this._caches.delete(provider);
  }

  addChannels(lister: ChannelLister, maxPatterns: number): () => void {
    const provider: Provider<readonly { pattern: unknown }[]> = { id: nextProviderId++, read: () => lister.list() };
    this._channelListers.add(provider);
    if (this._channelPatterns === undefined) {
      const patterns: ChannelPatterns = { max: maxPatterns, known: new Map<string, string>() };
      this._channelPatterns = patterns;
      this._observable('gauge', CHANNELS_ACTIVE).addCallback((result) => {
        const counts = new Map<string, number>();
        for (const p of this._channelListers) {
          const labels = listPatterns(patterns, p);
          if (labels !== undefined) for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
        }
        for (const [pattern, n] of counts) result.observe(n, { [ATTR_CHANNEL_PATTERN]: pattern });
      });
    }
    return () => this._channelListers.delete(provider);
  }

  addPresence(read: () => PresenceReading): () => void {
    const provider = { id: nextProviderId++, read };
    if (!this._presenceInstruments) {
      this._presenceInstruments = true;
      const members = this._observable('gauge', PRESENCE_MEMBERS);
      const channels = this._observable('gauge', PRESENCE_CHANNELS);
      this.meter.addBatchObservableCallback((result) => {
        const sum = sumReadings('presence', this._presence, ['users', 'agents', 'channels']);
        if (sum === undefined) return;
        result.observe(members, sum.users, USER_ATTRS);
        result.observe(members, sum.agents, AGENT_ATTRS);
        result.observe(channels, sum.channels);
      }, [members, channels]);
    }
    this._presence.add(provider);
    return () => this._presence.delete(provider);
  }

  addHistory(read: () => HistoryReading): () => void {
    const provider = { id: nextProviderId++, read };
    if (!this._historyInstruments) {
      this._historyInstruments = true;
      const buffered = this._observable('gauge', HISTORY_BUFFERED);
      const capacity = this._observable('gauge', HISTORY_CAPACITY);
      this.meter.addBatchObservableCallback((result) => {
        const sum = sumReadings('history', this._history, ['buffered', 'capacity']);
        if (sum === undefined) return;
        result.observe(buffered, sum.buffered);
        result.observe(capacity, sum.capacity);
      }, [buffered, capacity]);
    }
    this._history.add(provider);
    return () => this._history.delete(provider);
  }

  addActiveTokens(read: () => TokenReading): () => void {
    const provider = { id: nextProviderId++, read };
    if (!this._activeTokensInstrument) {
      this._activeTokensInstrument = true;
      this._observable('gauge', TOKENS_ACTIVE).addCallback((result) => {
        const sum = sumReadings('token', this._activeTokens, ['active']);
        if (sum !== undefined) result.observe(sum.active);
      });
    }
    this._activeTokens.add(provider);
    return () => this._activeTokens.delete(provider);
  }

  private _cacheAttributes(backend: string): CacheAttributes {
    let a = this._cacheAttrs.get(backend);
    if (a === undefined) {
      a = {
        hit: Object.freeze({ [ATTR_CACHE_RESULT]: CACHE_RESULT_HIT, [ATTR_CACHE_BACKEND]: backend }),
        miss: Object.freeze({ [ATTR_CACHE_RESULT]: CACHE_RESULT_MISS, [ATTR_CACHE_BACKEND]: backend }),
        backend: Object.freeze({ [ATTR_CACHE_BACKEND]: backend }),
      };
      if (this._cacheAttrs.size < DEFAULT_MAX_LABELS) this._cacheAttrs.set(backend, a);
    }
    return a;
  }

  private _ensureCacheInstruments(): void {
    if (this._cacheInstruments) return;
    this._cacheInstruments = true;
    const lookups = this._observable('counter', CACHE_LOOKUPS);
    const evictions = this._observable('counter', CACHE_EVICTIONS);
    const size = this._observable('gauge', CACHE_SIZE);
    const entries = this._observable('gauge', CACHE_ENTRIES);
    const up = this._observable('gauge', CACHE_UP);
    this.meter.addBatchObservableCallback(async (result: BatchObservableResult) => {
      const providers = [...this._caches];
      await Promise.all(providers.map((p) => refreshCache(p)));
      const byBackend = new Map<string, CacheTotals>();
      for (const p of providers) {
        const t = byBackend.get(p.backend) ?? { hits: 0, misses: 0, evictions: 0, sizeBytes: 0, entries: 0, up: 1 };
        t.hits += p.hits.total;
        t.misses += p.misses.total;
        t.evictions += p.evictions.total;
        t.sizeBytes += p.sizeBytes;
        t.entries += p.entries;
        if (!p.up) t.up = 0;
        byBackend.set(p.backend, t);
      }
      for (const [backend, t] of byBackend) {
        const attrs = this._cacheAttributes(backend);
        result.observe(lookups, t.hits, attrs.hit);
        result.observe(lookups, t.misses, attrs.miss);
        result.observe(evictions, t.evictions, attrs.backend);
        result.observe(size, t.sizeBytes, attrs.backend);
        result.observe(entries, t.entries, attrs.backend);
        result.observe(up, t.up, attrs.backend);
      }
    }, [lookups, evictions, size, entries, up]);
  }

  private _observable(kind: 'counter' | 'gauge', spec: InstrumentSpec): Observable {
    const options = { description: spec.description, unit: spec.unit };
    return kind === 'counter'
      ? this.meter.createObservableCounter(spec.name, options)
      : this.meter.createObservableGauge(spec.name, options);
  }
}

const USER_ATTRS: Attributes = Object.freeze({ [ATTR_PRESENCE_KIND]: PRESENCE_KIND_USER });
const AGENT_ATTRS: Attributes = Object.freeze({ [ATTR_PRESENCE_KIND]: PRESENCE_KIND_AGENT });

/**
 * The pattern labels of one lister's channels; undefined (with a
 * diagnostic) when it throws, returns something else than an array, or
 * hands out an entry that throws when read: that lister is skipped whole.
 */
function listPatterns(patterns: ChannelPatterns, p: Provider<readonly { pattern: unknown }[]>): string[] | undefined {
  try {
    const entries: unknown = p.read();
    if (!Array.isArray(entries)) {
      providerFailed('channel lister', p.id, new TypeError('list() did not return an array'));
      return undefined;
    }
    const labels: string[] = [];
    for (const entry of entries as unknown[]) {
      labels.push(patternLabel(patterns, entry === null || typeof entry !== 'object' ? undefined : (entry as { pattern: unknown }).pattern));
    }
    return labels;
  } catch (err) {
    providerFailed('channel lister', p.id, err);
    return undefined;
  }
}

function patternLabel(patterns: ChannelPatterns, raw: unknown): string {
  const known = typeof raw === 'string' ? patterns.known.get(raw) : undefined;
  if (known !== undefined) return known;
  const full = patterns.known.size >= patterns.max;
  const label = full ? OVERFLOW_VALUE : keepable(sanitizeLabel('channel pattern', raw));
  const key = full ? undefined : rawKey(raw, label);
  if (key !== undefined) patterns.known.set(key, label);
  return label;
}

async function refreshCache(p: CacheProvider): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const pending = p.read();
    const reading = isPromise(pending)
      ? await Promise.race([
          pending,
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${CACHE_READ_TIMEOUT_MS} ms`)), CACHE_READ_TIMEOUT_MS);
          }),
        ])
      : pending;
    p.up = applyCacheReading(p, reading);
  } catch (err) {
    p.up = false;
    providerFailed('cache statter', p.id, err);
  } finally {
    clearTimeout(timer);
  }
}

/** {@link applyCacheReading} for an async reading, where nothing may throw: a reading that throws when read counts as a failure. */
function safeApplyCacheReading(p: CacheProvider, r: CacheReading): void {
  try {
    applyCacheReading(p, r);
  } catch (err) {
    providerFailed('cache statter', p.id, err);
  }
}

/** Applies a reading; false when it was unusable (not an object). Throws what reading a hostile object throws. */
function applyCacheReading(p: CacheProvider, r: CacheReading): boolean {
  if (r === null || typeof r !== 'object') {
    providerFailed('cache statter', p.id, new TypeError('stats() did not return an object'));
    return false;
  }
  const bad: string[] = [];
  if (isValidReading(r.hits)) p.hits.update(r.hits); else bad.push('hits');
  if (isValidReading(r.misses)) p.misses.update(r.misses); else bad.push('misses');
  if (isValidReading(r.evictions)) p.evictions.update(r.evictions); else bad.push('evictions');
  if (isValidReading(r.sizeBytes)) p.sizeBytes = r.sizeBytes; else bad.push('sizeBytes');
  if (isValidReading(r.entries)) p.entries = r.entries; else bad.push('entries');
  if (bad.length > 0) {
    recorderDiag.warn(`reading:cache:${p.id}`, () => `cache statter #${p.id}: ignored invalid ${bad.join(', ')} (must be finite numbers >= 0)`);
  }
  return true;
}

/**
 * Sums the given fields over every provider's reading (a provider that
 * throws is skipped, an invalid field ignored, each with a diagnostic);
 * undefined when no provider gave a reading.
 */
function sumReadings<K extends string>(what: string, providers: Iterable<Provider<unknown>>, keys: readonly K[]): Record<K, number> | undefined {
  const sum = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  let any = false;
  for (const p of providers) {
    try {
      if (addFields(`${what} reading`, p.id, sum, p.read(), keys)) any = true;
    } catch (err) {
      providerFailed(`${what} reader`, p.id, err);
    }
  }
  return any ? sum : undefined;
}

function addFields<K extends string>(what: string, id: number, sum: Record<K, number>, reading: unknown, keys: readonly K[]): boolean {
  if (reading === null || typeof reading !== 'object') {
    providerFailed(what, id, new TypeError('reader did not return an object'));
    return false;
  }
  const r = reading as Record<K, unknown>;
  const values: unknown[] = keys.map((k) => r[k]); // may throw (a hostile reading): then nothing of it is added
  const bad: string[] = [];
  keys.forEach((k, i) => {
    const v = values[i];
    if (isValidReading(v)) sum[k] += v;
    else bad.push(k);
  });
  if (bad.length > 0) recorderDiag.warn(`reading:${what}:${id}`, () => `${what} #${id}: ignored invalid ${bad.join(', ')} (must be finite numbers >= 0)`);
  return true;
}

function providerFailed(what: string, id: number, err: unknown): void {
  recorderDiag.warn(`failed:${what}:${id}`, () => `${what} #${id} failed: ${describeError(err)} (skipped this collection; logged at most once a minute)`);
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

const registries = new WeakMap<Meter, MeterRecorders>();

/** The shared recorder state of a meter. Throws at setup when `meter` is not an OTel Meter. */
export function recordersFor(meter: Meter): MeterRecorders {
  if (!isMeter(meter)) throw new InvalidArgumentError('meter', 'an OpenTelemetry Meter', meter);
  let r = registries.get(meter);
  if (r === undefined) {
    r = new MeterRecorders(meter);
    registries.set(meter, r);
  }
  return r;
}

function isMeter(meter: unknown): meter is Meter {
  if (meter === null || typeof meter !== 'object') return false;
  try {
    return typeof (meter as Partial<Meter>).createObservableCounter === 'function';
  } catch {
    return false; // a revoked proxy, or a getter that throws
  }
}
