import { InvalidArgumentError } from '../errors/errors.ts';
import { checkNumber, checkObject, checkString } from '../errors/validate.ts';
import type { CacheReading } from '../record/types.ts';
import { redisStatter } from '../redis/redis-statter.ts';
import type { RedisStatterOptions } from '../redis/types.ts';
import type { DemoCache } from './types.ts';

/** One Redis command: its name and arguments. */
export type RedisCommand = readonly (string | Buffer)[];

/** What {@link RedisDemoCache} needs of a Redis client (node-redis is adapted in `connect-redis-cache.ts`). */
export interface RedisPipelineClient {
  /** Sends the commands as one pipeline (written together, one round trip); resolves with their replies, in order. */
  pipeline(commands: readonly RedisCommand[]): Promise<readonly unknown[]>;
  /** The text of `INFO`. */
  info(): Promise<string>;
}

/** Options of {@link RedisDemoCache}. */
export interface RedisDemoCacheOptions {
  /** Prefix of every key the demo writes. Default `parsec-demo:`. */
  keyPrefix?: string;
  /** Lifetime of an entry, in milliseconds, so that a Redis without `maxmemory` does not grow without bound. Integer >= 1. Default 300 000 (5 minutes). */
  ttlMs?: number;
  /** Most commands in one pipeline; a full one is sent at once. Integer >= 1. Default 1 000. */
  maxBatch?: number;
  /** Most pipelines awaiting replies; beyond that, lookups and stores are dropped (and reported as failures) until Redis catches up. Integer >= 1. Default 8. */
  maxInFlight?: number;
  /** Options of the INFO reader behind `stats()`. */
  info?: RedisStatterOptions;
}

/** Largest entry the demo stores, in bytes. */
export const MAX_REDIS_VALUE_BYTES = 1024 * 1024;

const DEFAULTS = Object.freeze({ keyPrefix: 'parsec-demo:', ttlMs: 300_000, maxBatch: 1000, maxInFlight: 8 });

interface Lookup {
  resolve(size: number | undefined): void;
  reject(err: unknown): void;
}

interface Batch {
  readonly commands: RedisCommand[];
  /** The lookup waiting on each command's reply (none for stores). */
  readonly lookups: (Lookup | undefined)[];
  /** Settles when the pipeline's replies are in; what stores return. */
  readonly done: Promise<void>;
  readonly resolve: () => void;
  readonly reject: (err: unknown) => void;
  sent: boolean;
}

/**
 * A {@link DemoCache} in Redis. The demo node publishes up to thousands of
 * envelopes a second, so nothing here costs a round trip per operation:
 * lookups (`STRLEN`, which Redis counts in `keyspace_hits` and
 * `keyspace_misses`) and stores (`SET … PX ttlMs` with a value of the
 * entry's size) made in the same tick are queued and sent as one pipeline,
 * at most `maxBatch` commands each. At most `maxInFlight` pipelines await
 * replies; beyond that operations are dropped (the promise rejects) so a
 * slow Redis cannot make memory grow. Redis does the evicting (run it with
 * `maxmemory` and an LRU policy to see evictions); `stats()` reads `INFO`.
 *
 * A stored entry of 0 bytes reads as a miss (`STRLEN` cannot tell it from a
 * missing key); the demo never stores one.
 */
export class RedisDemoCache implements DemoCache {
  readonly keyPrefix: string;
  readonly ttlMs: number;
  readonly maxBatch: number;
  readonly maxInFlight: number;
  /** Cumulative hits, misses, evictions and the size now, from Redis' INFO (whole server). */
  readonly stats: () => Promise<CacheReading>;
  private readonly _client: RedisPipelineClient;
  private readonly _ttl: string;
  private _batch: Batch | undefined;
  private _inFlight = 0;
  private _dropped = 0;
  private _value = Buffer.alloc(1024, 'x');

  constructor(client: RedisPipelineClient, options?: RedisDemoCacheOptions) {
    if (client === null || typeof client !== 'object' || typeof client.pipeline !== 'function' || typeof client.info !== 'function') {
      throw new InvalidArgumentError('client', 'an object with pipeline() and info()', client);
    }
    const o = checkObject('options', options);
    this.keyPrefix = o.keyPrefix === undefined ? DEFAULTS.keyPrefix : checkString('keyPrefix', o.keyPrefix);
    this.ttlMs = o.ttlMs === undefined ? DEFAULTS.ttlMs : checkNumber('ttlMs', o.ttlMs, 1);
    this.maxBatch = o.maxBatch === undefined ? DEFAULTS.maxBatch : checkNumber('maxBatch', o.maxBatch, 1);
    this.maxInFlight = o.maxInFlight === undefined ? DEFAULTS.maxInFlight : checkNumber('maxInFlight', o.maxInFlight, 1);
    const info = checkObject('info', o.info) as RedisStatterOptions;
    this._client = client;
    this._ttl = String(this.ttlMs);
    this.stats = redisStatter(() => client.info(), info);
  }

  /** Pipelines sent and not answered yet. */
  get inFlight(): number {
    return this._inFlight;
  }

  /** Operations dropped because `maxInFlight` pipelines were awaiting replies. */
  get dropped(): number {
    return this._dropped;
  }

  /** Looks `key` up (queued for the next pipeline); resolves with the entry's size in bytes, or undefined on a miss. */
  get(key: string): Promise<number | undefined> {
    const batch = this._open();
    if (batch === undefined) return this._drop();
    return new Promise((resolve, reject) => {
      batch.lookups[batch.commands.length] = { resolve, reject };
      this._push(batch, ['STRLEN', this.keyPrefix + key]);
    });
  }

  /**
   * Stores an entry of `sizeBytes` bytes (rounded up) under `key`, with the
   * TTL, in the next pipeline; resolves when that pipeline is answered.
   * Throws an InvalidArgumentError when `sizeBytes` is not a number from 0
   * to {@link MAX_REDIS_VALUE_BYTES}.
   */
  set(key: string, sizeBytes: number): Promise<void> {
    if (!(typeof sizeBytes === 'number' && sizeBytes >= 0 && sizeBytes <= MAX_REDIS_VALUE_BYTES)) {
      throw new InvalidArgumentError('sizeBytes', `a number from 0 to ${MAX_REDIS_VALUE_BYTES}`, sizeBytes);
    }
    const batch = this._open();
    if (batch === undefined) return this._drop();
    this._push(batch, ['SET', this.keyPrefix + key, this._valueOf(Math.ceil(sizeBytes)), 'PX', this._ttl]);
    return batch.done;
  }

  /** The batch being filled, a new one, or undefined when `maxInFlight` pipelines await replies. */
  private _open(): Batch | undefined {
    if (this._batch !== undefined) return this._batch;
    if (this._inFlight >= this.maxInFlight) return undefined;
    let resolve!: () => void;
    let reject!: (err: unknown) => void;
    const done = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    done.catch(() => {}); // a failure is reported to whoever waits on it; nobody has to
    const batch: Batch = { commands: [], lookups: [], done, resolve, reject, sent: false };
    this._batch = batch;
    // Everything queued by the code running now (a whole DemoNode tick) goes in this pipeline.
    queueMicrotask(() => this._send(batch));
    return batch;
  }

  private _push(batch: Batch, command: RedisCommand): void {
    batch.commands.push(command);
    if (batch.commands.length >= this.maxBatch) this._send(batch);
  }

  private _send(batch: Batch): void {
    if (batch.sent) return;
    batch.sent = true;
    this._batch = undefined;
    this._inFlight++;
    Promise.resolve()
      .then(() => this._client.pipeline(batch.commands))
      .then(
        (replies) => {
          this._inFlight--;
          batch.lookups.forEach((lookup, i) => lookup?.resolve(entrySize(replies[i])));
          batch.resolve();
        },
        (err: unknown) => {
          this._inFlight--;
          const reason = err ?? new Error('Redis pipeline failed');
          for (const lookup of batch.lookups) lookup?.reject(reason);
          batch.reject(reason);
        },
      );
  }

  private _drop<T>(): Promise<T> {
    this._dropped++;
    return Promise.reject(new Error(`Redis cache: ${this._inFlight} pipelines await replies; operation dropped (Redis is slower than the demo's rate)`));
  }

  /** `size` bytes of one shared buffer (no copy per store). */
  private _valueOf(size: number): Buffer {
    if (size > this._value.length) this._value = Buffer.alloc(Math.min(MAX_REDIS_VALUE_BYTES, 2 ** Math.ceil(Math.log2(size))), 'x');
    return this._value.subarray(0, size);
  }
}

/** The size a `STRLEN` reply gives: a positive number, else a miss. */
function entrySize(reply: unknown): number | undefined {
  return typeof reply === 'number' && reply > 0 ? reply : undefined;
}
