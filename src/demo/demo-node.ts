import { diag, type Meter } from '@opentelemetry/api';
import { describeError } from '../diag/describe-value.ts';
import { ShutDownError, InvalidArgumentError } from '../errors/errors.ts';
import { EnvelopeCounters, type AspectCounter } from '../record/envelope-counters.ts';
import { observeCache, observeChannels, observeHistory, observePresence, observeTokens } from '../record/observe.ts';
import { TokenCounters } from '../record/token-counters.ts';
import type { Observation } from '../record/types.ts';
import { channelFamilies, type ChannelFamily } from './channel-patterns.ts';
import { DEMO_ASPECTS } from './demo-aspects.ts';
import { Hub, type Channel } from './hub.ts';
import { LruCache } from './lru-cache.ts';
import { mulberry32, type Random } from './mulberry32.ts';
import { Population, type Member } from './population.ts';
import { resolveDemoOptions } from './resolve-demo-options.ts';
import { TokenBroker } from './token-broker.ts';
import type { DemoCache, DemoNodeOptions, ResolvedDemoNodeOptions } from './types.ts';

/** The real driver never simulates more than this in one tick: a stalled event loop does not cause a burst. */
export const MAX_CATCH_UP_MS = 1_000;

/** Bytes a cached token takes. */
export const TOKEN_BYTES = 160;

/** Share of receipt and reaction lookups that target a recent envelope of the channel (the rest scroll back anywhere). */
export const RECENT_LOOKUP_SHARE = 0.8;

/** Envelopes published before the node started, that a scroll-back may ask for. */
export const ARCHIVED_ENVELOPES = 1_000_000;

// Indexes into DEMO_ASPECTS.
const TYPING = DEMO_ASPECTS.findIndex((a) => a.aspect === 'typing');
const RECEIPT = DEMO_ASPECTS.findIndex((a) => a.aspect === 'receipt');
const REACTION = DEMO_ASPECTS.findIndex((a) => a.aspect === 'reaction');
const SYSTEM = DEMO_ASPECTS.findIndex((a) => a.aspect === 'system');

// Cumulative shares, for picking an aspect with one random number.
const THRESHOLDS: readonly number[] = DEMO_ASPECTS.reduce<number[]>((acc, a) => [...acc, (acc.at(-1) ?? 0) + a.share], []);
const LAST_ASPECT = DEMO_ASPECTS.length - 1;

/** The index of the aspect a random number in [0, 1) picks, by the aspects' shares. */
function pickAspect(r: number): number {
  let a = 0;
  while (a < LAST_ASPECT && r >= (THRESHOLDS[a] as number)) a++;
  return a;
}

/** Size in bytes of envelope `id`: fixed per id, so a reload costs what the first write did. */
function envelopeBytes(id: number): number {
  return 120 + (Math.imul(id | 0, 0x9e3779b1) >>> 0) % 900;
}

/**
 * A simulated Parsec node: channels under `room:*`, `dm:*`, `agent:*` and
 * `broadcast:*`, users and agents joining and leaving them, envelopes of
 * five aspects published at `ratePerSecond`, a history ring per channel, a
 * token broker and a cache with LRU eviction. Every figure reaches the
 * meter through the public recorders only: EnvelopeCounters, TokenCounters,
 * observeTokens (the broker knows its live tokens), observeChannels,
 * observePresence, observeHistory and observeCache.
 *
 * Time is simulated: {@link tick} advances it by a given number of
 * milliseconds (deterministic, for tests and benchmarks); {@link start}
 * runs a timer that ticks by the time its clock says has passed.
 */
export class DemoNode {
  /** The options after defaults. */
  readonly options: ResolvedDemoNodeOptions;
  private readonly _random: Random;
  private readonly _hub: Hub;
  private readonly _population: Population;
  private readonly _broker: TokenBroker<Member>;
  private readonly _cache: DemoCache;
  private readonly _families: ReturnType<typeof channelFamilies>;
  private readonly _broadcast: readonly Channel[];
  private readonly _aspects: readonly AspectCounter[];
  private readonly _aspectCounts: number[];
  private readonly _observations: readonly Observation[];
  private readonly _targetMemberships: number;
  private readonly _onCacheError = (err: unknown): void => this._cacheFailed(err);
  private _nowMs = 0;
  private _envelopeCarry = 0;
  private _presenceCarry = 0;
  private _nextEnvelopeId = 0;
  private _timer: unknown;
  private _lastTickAt = 0;
  private _closed = false;
  private _cacheErrorLogged = false;

  constructor(meter: Meter, options?: DemoNodeOptions) {
    const o = resolveDemoOptions(options);
    this.options = o;
    const envelopes = new EnvelopeCounters(meter);
    this._aspects = DEMO_ASPECTS.map((a) => envelopes.bind(a.aspect));
    this._aspectCounts = DEMO_ASPECTS.map(() => 0);
    this._random = mulberry32(o.seed);
    this._hub = new Hub(o.historyCapacity);
    this._population = new Population(o.userCount, o.agentCount);
    this._broker = new TokenBroker<Member>(new TokenCounters(meter), o.tokenTtlMs);
    this._cache = o.cache ?? new LruCache(o.cacheMaxBytes);
    this._families = channelFamilies(o.userCount, o.agentCount);
    const b = this._families.broadcast;
    this._broadcast = Array.from({ length: b.count }, (_, i) => this._hub.open(`${b.prefix}${i}`, b.pattern, true));
    this._targetMemberships = Math.round((o.userCount + o.agentCount) * o.channelsPerMember);
    // Settle presence before the first tick, so a fresh node already looks lived in.
    for (let tries = 0; this._population.size < this._targetMemberships && tries < 4 * this._targetMemberships; tries++) this._join();
    const hub = this._hub;
    const cache = this._cache;
    const broker = this._broker;
    this._observations = [
      observeTokens(meter, () => ({ active: broker.activeCount })),
      observeChannels(meter, hub),
      observePresence(meter, () => hub.presence()),
      observeHistory(meter, () => hub.history()),
      observeCache(meter, () => cache.stats(), { backend: o.cacheBackend }),
    ];
  }

  /** Simulated time since the node was created, in milliseconds. */
  get simulatedMs(): number {
    return this._nowMs;
  }

  /** Whether the real driver is running. */
  get running(): boolean {
    return this._timer !== undefined;
  }

  /**
   * Advances the simulation by `elapsedMs` milliseconds: expires tokens,
   * plays the joins and leaves due, and publishes `ratePerSecond ×
   * elapsedMs / 1000` envelopes (the fraction carries over to the next tick,
   * so the rate holds exactly on average).
   */
  tick(elapsedMs: number): void {
    if (typeof elapsedMs !== 'number' || !Number.isFinite(elapsedMs) || elapsedMs < 0) {
      throw new InvalidArgumentError('elapsedMs', 'a finite number >= 0', elapsedMs);
    }
    this._nowMs += elapsedMs;
    this._broker.expire(this._nowMs, (_, member) => {
      // A member still online renews its token; one that left lets it lapse.
      if (member.channels.size > 0) this._issueToken(member);
      else member.tokenId = 0;
    });
    const presence = this.options.presenceEventsPerSecond * (elapsedMs / 1000) + this._presenceCarry;
    const events = Math.floor(presence);
    this._presenceCarry = presence - events;
    for (let i = 0; i < events; i++) this._presenceEvent();
    const exact = this.options.ratePerSecond * (elapsedMs / 1000) + this._envelopeCarry;
    const count = Math.floor(exact);
    this._envelopeCarry = exact - count;
    for (let i = 0; i < count; i++) this._publish();
    const counts = this._aspectCounts;
    for (let a = 0; a < counts.length; a++) {
      if (counts[a] === 0) continue;
      (this._aspects[a] as AspectCounter).add(counts[a]);
      counts[a] = 0;
    }
  }

  /**
   * Starts the real driver: every `tickMs` it ticks by the time the clock
   * says has passed (at most {@link MAX_CATCH_UP_MS}). The timer is unref'd
   * by the default scheduler. Idempotent; throws a ShutDownError after
   * {@link close}.
   */
  start(): this {
    if (this._closed) throw new ShutDownError('demo node');
    if (this._timer !== undefined) return this;
    const { clock, scheduler, tickMs } = this.options;
    this._lastTickAt = clock();
    this._timer = scheduler.setInterval(() => {
      const now = clock();
      const elapsed = Math.min(Math.max(now - this._lastTickAt, 0), MAX_CATCH_UP_MS);
      this._lastTickAt = now;
      this.tick(elapsed);
    }, tickMs);
    return this;
  }

  /** Stops the real driver; `start()` may run it again. Idempotent. */
  stop(): void {
    if (this._timer === undefined) return;
    this.options.scheduler.clearInterval(this._timer);
    this._timer = undefined;
  }

  /** Stops the driver and unregisters the node's observers (their gauges leave the meter). Idempotent. */
  close(): void {
    this.stop();
    if (this._closed) return;
    this._closed = true;
    for (const o of this._observations) o.unregister();
  }

  private _presenceEvent(): void {
    const m = this._population.size;
    const target = this._targetMemberships;
    // Joins are likelier below the target and leaves above it, so presence hovers around it.
    const joinChance = target === 0 ? 0 : 1 - m / (2 * target);
    if (this._random() < joinChance) this._join();
    else if (m > 0) this._leave(Math.floor(this._random() * m));
  }

  private _join(): void {
    const members = this._population.members;
    const member = members[Math.floor(this._random() * members.length)] as Member;
    const family = this._familyFor(member);
    const channel = this._hub.open(`${family.prefix}${Math.floor(this._random() * family.count)}`, family.pattern);
    const wasOnline = member.channels.size > 0;
    if (!this._population.add(member, channel)) return;
    this._hub.join(channel, member.kind);
    if (!wasOnline && member.tokenId === 0) this._issueToken(member);
    // The join is authorised with the member's token: found in the cache, or loaded into it.
    this._lookup(`tok:${member.tokenId}`, TOKEN_BYTES);
  }

  private _familyFor(member: Member): ChannelFamily {
    const f = this._families;
    const r = this._random();
    if (member.kind === 'agent') return r < 0.6 ? f.agent : r < 0.85 ? f.room : f.broadcast;
    return r < 0.55 ? f.room : r < 0.85 ? f.dm : f.broadcast;
  }

  private _leave(index: number): void {
    const { member, channel } = this._population.removeAt(index);
    this._hub.leave(channel, member.kind);
    if (member.channels.size > 0) return;
    // Logging out revokes the session's token; closing the tab lets it expire.
    if (this._random() < this.options.tokenRevokeRatio) {
      this._broker.revoke(member.tokenId);
      member.tokenId = 0;
    }
  }

  private _issueToken(member: Member): void {
    member.tokenId = this._broker.issue(this._nowMs, member);
    this._store(`tok:${member.tokenId}`, TOKEN_BYTES);
  }

  private _publish(): void {
    const size = this._population.size;
    let channel: Channel;
    let aspect: number;
    if (size === 0) {
      // Nobody present: the node still announces on its broadcast channels.
      channel = this._broadcast[Math.floor(this._random() * this._broadcast.length)] as Channel;
      aspect = SYSTEM;
    } else {
      channel = this._population.at(Math.floor(this._random() * size)).channel;
      aspect = pickAspect(this._random());
    }
    (this._aspectCounts[aspect] as number)++;
    // Typing indicators are ephemeral: neither kept in history nor cached.
    if (aspect === TYPING) return;
    if (aspect === RECEIPT || aspect === REACTION) this._lookupTarget(channel);
    const id = this._nextEnvelopeId++;
    this._hub.append(channel, id);
    this._store(`env:${id}`, envelopeBytes(id));
  }

  /** A receipt or reaction reads the envelope it refers to: mostly one of the channel's latest, sometimes any older one. */
  private _lookupTarget(channel: Channel): void {
    let target: number | undefined;
    if (this._random() < RECENT_LOOKUP_SHARE) {
      const r = this._random();
      target = channel.history.recent(Math.floor(r * r * r * channel.history.length));
    }
    // Scrolling back reaches into the archive, envelopes published before the node started (negative ids).
    target ??= Math.floor(this._random() * (this._nextEnvelopeId + ARCHIVED_ENVELOPES)) - ARCHIVED_ENVELOPES;
    this._lookup(`env:${target}`, envelopeBytes(target));
  }

  /** Looks `key` up; on a miss, loads it (an entry of `sizeBytes`) into the cache. */
  private _lookup(key: string, sizeBytes: number): void {
    const found = this._cache.get(key);
    if (found === undefined) this._store(key, sizeBytes);
    else if (typeof found === 'object') {
      found.then((v) => {
        if (v === undefined) this._store(key, sizeBytes);
      }, this._onCacheError);
    }
  }

  private _store(key: string, sizeBytes: number): void {
    const done = this._cache.set(key, sizeBytes);
    if (done !== undefined) done.catch(this._onCacheError);
  }

  private _cacheFailed(err: unknown): void {
    if (this._cacheErrorLogged) return;
    this._cacheErrorLogged = true;
    diag.warn(`parsec-telemetry demo: cache operation failed (further failures are not logged): ${describeError(err)}`);
  }
}

/** Creates a {@link DemoNode} and starts its real driver. Invalid options throw an InvalidOptionError naming the option. */
export function startDemoNode(meter: Meter, options?: DemoNodeOptions): DemoNode {
  return new DemoNode(meter, options).start();
}
