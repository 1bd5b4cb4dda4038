import t from 'tap';
import type { RedisInfoDetail } from '../../src/redis/parse-info.ts';
import { parseRedisInfoDetail } from '../../src/redis/parse-info.ts';
import { RedisRuns } from '../../src/redis/redis-runs.ts';

function detail(hits: number, misses: number, evictions: number, runId?: string, commandsProcessed?: number): RedisInfoDetail {
  return { reading: { hits, misses, evictions, sizeBytes: 7, entries: 3 }, runId, commandsProcessed };
}

t.test('no reset: the readings as they are', async (t) => {
  const runs = new RedisRuns();
  t.same(runs.continue(detail(5, 1, 0, 'a', 10)), { hits: 5, misses: 1, evictions: 0, sizeBytes: 7, entries: 3 });
  t.same(runs.continue(detail(9, 1, 2, 'a', 12)), { hits: 9, misses: 1, evictions: 2, sizeBytes: 7, entries: 3 });
});

t.test('a restart (run_id changes) is seen even when the new run already counted more', async (t) => {
  const runs = new RedisRuns();
  runs.continue(detail(5, 1, 2, 'a', 100));
  t.same(runs.continue(detail(8, 3, 2, 'b', 200)), { hits: 13, misses: 4, evictions: 4, sizeBytes: 7, entries: 3 });
  t.same(runs.continue(detail(9, 3, 2, 'b', 201)), { hits: 14, misses: 4, evictions: 4, sizeBytes: 7, entries: 3 });
});

t.test('CONFIG RESETSTAT: total_commands_processed goes down', async (t) => {
  const runs = new RedisRuns();
  runs.continue(detail(5, 1, 2, 'a', 100));
  t.same(runs.continue(detail(6, 1, 2, 'a', 3)), { hits: 11, misses: 2, evictions: 4, sizeBytes: 7, entries: 3 });
});

t.test('without run_id or total_commands_processed: a counter going down is a reset', async (t) => {
  const runs = new RedisRuns();
  runs.continue(detail(5, 1, 2));
  t.same(runs.continue(detail(6, 1, 2)), { hits: 6, misses: 1, evictions: 2, sizeBytes: 7, entries: 3 }, 'no reset');
  t.same(runs.continue(detail(6, 0, 2)), { hits: 12, misses: 1, evictions: 4, sizeBytes: 7, entries: 3 }, 'misses went down');
  t.same(runs.continue(detail(1, 1, 2, undefined, 5)).hits, 13, 'hits went down (commands known now, not before)');
  t.same(runs.continue(detail(1, 1, 0, undefined, 6)).evictions, 6, 'evictions went down');
  t.same(runs.continue(detail(2, 1, 0)).hits, 15, 'commands known before, not now: no reset');
});

t.test('parseRedisInfoDetail reads run_id and total_commands_processed', async (t) => {
  const text = '# Server\r\nrun_id:abc\r\n# Stats\r\ntotal_commands_processed:42\r\nkeyspace_hits:1\r\nkeyspace_misses:2\r\nevicted_keys:3\r\n# Memory\r\nused_memory:4\r\n# Keyspace\r\n';
  t.same(parseRedisInfoDetail(text), { reading: { hits: 1, misses: 2, evictions: 3, sizeBytes: 4, entries: 0 }, runId: 'abc', commandsProcessed: 42 });
  t.equal(parseRedisInfoDetail(text.replace(':42', ':x')).commandsProcessed, undefined, 'malformed: unknown, not an error');
});
