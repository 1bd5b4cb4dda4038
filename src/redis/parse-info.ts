import { InvalidArgumentError } from '../errors/errors.ts';
import type { RedisCacheReading } from './types.ts';

/** The `INFO` fields read, by the reading field they fill. */
export const REDIS_INFO_FIELDS = Object.freeze({
  hits: 'keyspace_hits',
  misses: 'keyspace_misses',
  evictions: 'evicted_keys',
  sizeBytes: 'used_memory',
} as const);

const KEYSPACE = 'Keyspace';
const DB_LINE = /^db\d+$/;
const KEYS = /(?:^|,)keys=(\d+)(?:,|$)/;
const COUNT = /^\d+$/;

function unusable(what: string, text: string): InvalidArgumentError {
  return new InvalidArgumentError('info', `the text of Redis INFO ${what}`, text);
}

/** A reading with what tells one run of Redis' statistics from the next. */
export interface RedisInfoDetail {
  readonly reading: RedisCacheReading;
  /** `run_id`: changes when the server restarts (absent without the Server section). */
  readonly runId: string | undefined;
  /** `total_commands_processed`: grows with every command, INFO included, until a restart or `CONFIG RESETSTAT`. */
  readonly commandsProcessed: number | undefined;
}

/**
 * Reads a cache reading from the text of Redis' `INFO`: `keyspace_hits`,
 * `keyspace_misses`, `evicted_keys` (cumulative since the server started or
 * its last `CONFIG RESETSTAT`), `used_memory` (bytes now) and the keys of
 * every database, summed over the `dbN:keys=…` lines of `# Keyspace` (an
 * empty `# Keyspace` section is 0 keys). Lines may end with CRLF or LF.
 *
 * Throws an InvalidArgumentError naming what is missing or malformed, e.g.
 * when the text is the answer to `INFO stats` only: ask for `INFO` with no
 * section (or `default`).
 */
export function parseRedisInfo(text: string): RedisCacheReading {
  return parseRedisInfoDetail(text).reading;
}

/** {@link parseRedisInfo}, with the `run_id` and `total_commands_processed` that reveal resets. */
export function parseRedisInfoDetail(text: string): RedisInfoDetail {
  if (typeof text !== 'string') throw new InvalidArgumentError('info', 'the text of Redis INFO (a string)', text);
  const values = new Map<string, string>();
  let sawKeyspace = false;
  let inKeyspace = false;
  let entries = 0;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('#')) {
      inKeyspace = line.slice(1).trim() === KEYSPACE;
      sawKeyspace ||= inKeyspace;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = line.slice(0, colon);
    const value = line.slice(colon + 1);
    if (inKeyspace && DB_LINE.test(key)) {
      const keys = KEYS.exec(value);
      if (keys === null) throw unusable(`with "keys=N" in every keyspace line (got "${line.slice(0, 80)}")`, text);
      entries += Number(keys[1]);
    } else {
      values.set(key, value);
    }
  }
  const missing: string[] = Object.values(REDIS_INFO_FIELDS).filter((field) => !values.has(field));
  if (!sawKeyspace) missing.push('# Keyspace');
  if (missing.length > 0) {
    throw unusable(`with the Stats, Memory and Keyspace sections (missing ${missing.join(', ')}: call INFO with no section, or "default")`, text);
  }
  const count = (field: string): number => {
    const value = values.get(field) as string;
    if (!COUNT.test(value)) throw unusable(`with a whole number in ${field} (got "${value.slice(0, 40)}")`, text);
    return Number(value);
  };
  const commands = values.get('total_commands_processed');
  return {
    reading: {
      hits: count(REDIS_INFO_FIELDS.hits),
      misses: count(REDIS_INFO_FIELDS.misses),
      evictions: count(REDIS_INFO_FIELDS.evictions),
      sizeBytes: count(REDIS_INFO_FIELDS.sizeBytes),
      entries,
    },
    runId: values.get('run_id'),
    commandsProcessed: commands !== undefined && COUNT.test(commands) ? Number(commands) : undefined,
  };
}
