// The demo's connection to a real Redis, through the `redis` package
// (node-redis), loaded only when `--redis` is given: parsec-telemetry itself
// needs no Redis client.
import { redactUrl } from '../http/redact-url.ts';
import { withTimeout } from '../timing/with-timeout.ts';
import { RedisDemoCache, type RedisCommand, type RedisDemoCacheOptions } from './redis-cache.ts';

/** The `redis` package's entry points used here. */
type RedisModule = typeof import('redis');

/** Options of {@link connectRedisCache}. */
export interface ConnectRedisCacheOptions extends RedisDemoCacheOptions {
  /** Time the first connection may take, in milliseconds. Default 5 000. */
  connectTimeoutMs?: number;
  /** Time `close()` waits for replies still due before it drops the connection, in milliseconds. Default 1 000. */
  closeTimeoutMs?: number;
  /** Told, in one line, when the connection is lost and when it is back. Default: nothing. */
  onStatus?: (message: string) => void;
  /** Loads the `redis` package. Default `import('redis')`. */
  loadClient?: () => Promise<RedisModule>;
}

/** A connected {@link RedisDemoCache}. */
export interface RedisCacheConnection {
  readonly cache: RedisDemoCache;
  /** The URL, with any password replaced by `***`. */
  readonly url: string;
  /** Closes the connection: waits up to `closeTimeoutMs` for replies still due, then drops it. Never rejects; idempotent. */
  close(): Promise<void>;
}

/** Longest wait between two reconnection attempts, in milliseconds. */
export const MAX_RECONNECT_DELAY_MS = 2_000;

export { redactUrl };

/**
 * Connects to the Redis at `url` and returns a {@link RedisDemoCache} on
 * it. The first connection must succeed (else this rejects with a message
 * naming the URL, password hidden); later losses reconnect with a backoff
 * while commands fail at once (no offline queue), so the snapshot lists
 * `redis` in `cache.unavailable` meanwhile.
 */
export async function connectRedisCache(url: string, options: ConnectRedisCacheOptions = {}): Promise<RedisCacheConnection> {
  const shown = redactUrl(url);
  const load = options.loadClient ?? (() => import('redis'));
  let redis: RedisModule;
  try {
    redis = await load();
  } catch (err) {
    throw new Error(`--redis needs the "redis" package, which is not installed (npm install redis): ${(err as Error).message}`, { cause: err });
  }
  let connected = false;
  let down = false;
  const client = redis.createClient({
    url,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: options.connectTimeoutMs ?? 5_000,
      // The first connection fails at once; a lost one is retried with a capped backoff.
      reconnectStrategy: (retries, cause) => (connected ? Math.min(50 * 2 ** retries, MAX_RECONNECT_DELAY_MS) : cause),
    },
  });
  // Errors come as events too (without a listener they would crash the process);
  // a failed first connection is reported by connect() below instead.
  client.on('error', (err: Error) => {
    if (!connected || down) return;
    down = true;
    options.onStatus?.(`Redis at ${shown}: connection lost (${err.message}); reconnecting`);
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    options.onStatus?.(`Redis at ${shown}: connected again`);
  });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(`cannot connect to Redis at ${shown}: ${(err as Error).message}`, { cause: err });
  }
  connected = true;
  const cache = new RedisDemoCache({
    pipeline: (commands: readonly RedisCommand[]) => {
      // node-redis queues pipelines while reconnecting even without an offline queue: fail them at once instead.
      if (!client.isReady) return Promise.reject(new Error('not connected to Redis (reconnecting)'));
      const multi = client.multi();
      for (const command of commands) multi.addCommand([...command]);
      return multi.execAsPipeline();
    },
    info: () => client.info(),
  }, options);
  let closing: Promise<void> | undefined;
  return {
    cache,
    url: shown,
    close: () => {
      closing ??= closeClient(client, options.closeTimeoutMs ?? 1_000);
      return closing;
    },
  };
}

/**
 * Closes gracefully when connected, within `timeoutMs`; else drops the
 * connection. (node-redis' close() waits for every queued command, which
 * never happens while it is disconnected.)
 */
async function closeClient(client: { isReady: boolean; close(): Promise<void>; destroy(): void }, timeoutMs: number): Promise<void> {
  if (!client.isReady) {
    client.destroy();
    return;
  }
  const late = await withTimeout(client.close().then(() => false), timeoutMs, () => true);
  if (late) client.destroy();
}
