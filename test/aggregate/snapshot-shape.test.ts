import t from 'tap';
import { Aggregator, type Snapshot } from '../../src/index.ts';

// Field names and omitempty tags, taken from the seed's Go package
// (../shared/seed/telemetry-go-package.txt).
const SEED = {
  snapshot: ['channels', 'envelopes', 'presence', 'history', 'tokens', 'cache', 'at'],
  channels: { always: ['total_active'], omitempty: ['by_pattern'] },
  envelopes: { always: ['rate_per_second'], omitempty: ['by_aspect'] },
  presence: { always: ['total_users', 'total_agents', 'average_per_channel'], omitempty: [] },
  history: { always: ['total_envelopes_buffered', 'buffer_utilization_pct'], omitempty: [] },
  tokens: { always: ['issued_last_hour', 'revoked_last_hour', 'active_count'], omitempty: [] },
  cache: { always: ['hit_rate_pct', 'size_bytes', 'evictions_last_hour'], omitempty: ['size_entries'] },
} as const;

// Our additive fields (docs/snapshot.md): each omitted when empty or zero.
const ADDITIVE = {
  snapshot: ['window', 'errors'],
  channels: [],
  envelopes: [],
  presence: ['channels'],
  history: ['capacity'],
  tokens: [],
  cache: ['hits', 'misses', 'by_backend', 'unavailable'],
} as const;

type Section = Exclude<keyof typeof SEED, 'snapshot'>;
const SECTIONS = Object.keys(SEED).filter((k) => k !== 'snapshot') as Section[];

function full(): Snapshot {
  return {
    channels: { total_active: 3, by_pattern: { 'room:*': 3 } },
    envelopes: { rate_per_second: 1.5, by_aspect: { chat: 90 } },
    presence: { total_users: 4, total_agents: 1, average_per_channel: 2.5, channels: 2 },
    history: { total_envelopes_buffered: 10, buffer_utilization_pct: 10, capacity: 100 },
    tokens: { issued_last_hour: 5, revoked_last_hour: 1, active_count: 4 },
    cache: {
      hit_rate_pct: 50, size_bytes: 10, size_entries: 2, evictions_last_hour: 1, hits: 1, misses: 1,
      by_backend: { memory: { hit_rate_pct: 50, hits: 1, misses: 1, size_bytes: 10, size_entries: 2, evictions_last_hour: 1 } },
    },
    at: '',
    window: { rate_window_seconds: 60, rate_covered_seconds: 60, count_window_seconds: 3600, count_covered_seconds: 3600, partial: false },
  };
}

t.test('every key is a seed field or a documented additive field; omitempty fields are omitted when empty', async (t) => {
  const empty = JSON.parse(JSON.stringify(await new Aggregator({ sources: [] }).snapshot())) as Record<string, Record<string, unknown>>;
  t.same(Object.keys(empty), SEED.snapshot, 'an empty snapshot has exactly the seed sections, in seed order');
  for (const s of SECTIONS) {
    t.same(Object.keys(empty[s] as object), SEED[s].always, `${s}: empty keeps its always-present fields, omits the rest`);
    for (const v of Object.values(empty[s] as object)) t.equal(v, 0, `${s}: zero values`);
  }
  t.match(empty.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/, 'at is an ISO timestamp');

  const source = { name: 'full', ...Object.fromEntries(SECTIONS.map((s) => [s, () => full()[s]])), window: () => full().window };
  const populated = JSON.parse(JSON.stringify(await new Aggregator({ sources: [source] }).snapshot())) as Record<string, Record<string, unknown>>;
  t.same(Object.keys(populated), [...SEED.snapshot, 'window']);
  for (const s of SECTIONS) {
    const allowed = new Set<string>([...SEED[s].always, ...SEED[s].omitempty, ...ADDITIVE[s]]);
    for (const key of Object.keys(populated[s] as object)) t.ok(allowed.has(key), `${s}.${key} is a seed or additive field`);
    for (const key of [...SEED[s].always, ...SEED[s].omitempty]) t.ok(key in (populated[s] as object), `${s}.${key} present when set`);
  }
  for (const key of Object.keys(populated)) t.ok([...SEED.snapshot, ...ADDITIVE.snapshot].includes(key as never), `${key} known`);
});
