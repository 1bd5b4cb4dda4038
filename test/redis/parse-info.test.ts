import t from 'tap';
import { readFileSync } from 'node:fs';
import { InvalidArgumentError } from '../../src/index.ts';
import { parseRedisInfo } from '../../src/redis/parse-info.ts';
import { thrown } from '../helpers/expect-throw.ts';

/** INFO text as Redis writes it (CRLF), with the given stats and keyspace lines. */
function info(fields: Record<string, string | number>, keyspace: readonly string[] = [], eol = '\r\n'): string {
  const stats = Object.entries(fields).map(([k, v]) => `${k}:${v}`);
  return ['# Server', 'redis_version:7.0.15', '', '# Stats', ...stats, '', '# Keyspace', ...keyspace, ''].join(eol);
}

const FULL = { keyspace_hits: 90, keyspace_misses: 30, evicted_keys: 7, used_memory: 1_048_576 };

t.test('a real INFO answer of redis-server 7.0 (CRLF)', async (t) => {
  const text = readFileSync(new URL('./fixtures/info-redis-7.0.txt', import.meta.url), 'utf8');
  t.ok(text.includes('\r\n'), 'the fixture keeps Redis\' CRLF line ends');
  t.same(parseRedisInfo(text), { hits: 1, misses: 2, evictions: 0, sizeBytes: 991_584, entries: 3 });
});

t.test('fields, and keys summed over every database; LF line ends too', async (t) => {
  const keyspace = ['db0:keys=10,expires=2,avg_ttl=100', 'db3:keys=5,expires=0,avg_ttl=0,subexpiry=0', 'db15:expires=0,keys=1'];
  const expected = { hits: 90, misses: 30, evictions: 7, sizeBytes: 1_048_576, entries: 16 };
  t.same(parseRedisInfo(info(FULL, keyspace)), expected);
  t.same(parseRedisInfo(info(FULL, keyspace, '\n')), expected);
});

t.test('an empty keyspace is 0 entries', async (t) => {
  t.equal(parseRedisInfo(info(FULL)).entries, 0);
});

t.test('only the Keyspace section\'s dbN lines are key counts', async (t) => {
  const text = `${info(FULL, ['db0:keys=4,expires=0,avg_ttl=0'])}# Other\r\ndb1:keys=100\r\n`;
  t.equal(parseRedisInfo(text).entries, 4);
});

t.test('missing fields or sections: an error naming them and how to ask', async (t) => {
  const statsOnly = info({ keyspace_hits: 1, keyspace_misses: 2, evicted_keys: 0 }).replace('# Keyspace', '');
  const err = thrown(() => parseRedisInfo(statsOnly));
  t.type(err, InvalidArgumentError);
  t.equal((err as InvalidArgumentError).argument, 'info');
  t.match((err as Error).message, 'missing used_memory, # Keyspace: call INFO with no section, or "default"');
  t.match((thrown(() => parseRedisInfo('')) as Error).message, 'missing keyspace_hits, keyspace_misses, evicted_keys, used_memory, # Keyspace');
});

t.test('malformed values: an error naming the field', async (t) => {
  t.match((thrown(() => parseRedisInfo(info({ ...FULL, used_memory: '12.5' }))) as Error).message, 'a whole number in used_memory (got "12.5")');
  t.match((thrown(() => parseRedisInfo(info({ ...FULL, keyspace_hits: '-1' }))) as Error).message, 'keyspace_hits');
  t.match((thrown(() => parseRedisInfo(info(FULL, ['db0:expires=1']))) as Error).message, '"keys=N" in every keyspace line (got "db0:expires=1")');
  t.match((thrown(() => parseRedisInfo(info(FULL, ['db0:keys=x']))) as Error).message, 'keys=N');
});

t.test('not a string', async (t) => {
  for (const value of [undefined, null, 42, Buffer.from('# Keyspace')]) {
    const err = thrown(() => parseRedisInfo(value as unknown as string));
    t.type(err, InvalidArgumentError);
    t.match((err as Error).message, 'a string');
  }
});
