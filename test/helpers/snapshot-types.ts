/**
 * Where a snapshot (as served, after JSON) departs from its documented
 * types: every figure a finite number >= 0, percentages at most 100, maps of
 * such numbers, `unavailable` strings, `errors` {source, message} strings,
 * `at` a string. An empty list means it is right.
 */
export function snapshotTypeProblems(snapshot: unknown): string[] {
  const problems: string[] = [];
  const s = snapshot as Record<string, unknown>;
  const obj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const num = (path: string, v: unknown, pct = false): void => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (pct && v > 100)) problems.push(`${path}: ${JSON.stringify(v)}`);
  };
  const section = (name: string, required: string[], optional: string[], pcts: string[], maps: string[]): Record<string, unknown> => {
    const sec = s[name];
    if (!obj(sec)) {
      problems.push(`${name} is not an object`);
      return {};
    }
    for (const f of required) num(`${name}.${f}`, sec[f], pcts.includes(f));
    for (const f of optional) if (f in sec) num(`${name}.${f}`, sec[f], pcts.includes(f));
    for (const m of maps) {
      if (!(m in sec)) continue;
      const map = sec[m];
      if (!obj(map)) problems.push(`${name}.${m} is not an object`);
      else for (const [k, v] of Object.entries(map)) num(`${name}.${m}[${k}]`, v);
    }
    const known = new Set([...required, ...optional, ...maps, 'by_backend', 'unavailable']);
    for (const k of Object.keys(sec)) if (!known.has(k)) problems.push(`${name}.${k} is not a documented field`);
    return sec;
  };
  section('channels', ['total_active'], [], [], ['by_pattern']);
  section('envelopes', ['rate_per_second'], [], [], ['by_aspect']);
  section('presence', ['total_users', 'total_agents', 'average_per_channel'], ['channels'], [], []);
  section('history', ['total_envelopes_buffered', 'buffer_utilization_pct'], ['capacity'], ['buffer_utilization_pct'], []);
  section('tokens', ['issued_last_hour', 'revoked_last_hour', 'active_count'], [], [], []);
  const cache = section('cache', ['hit_rate_pct', 'size_bytes', 'evictions_last_hour'], ['size_entries', 'hits', 'misses'], ['hit_rate_pct'], []);
  if ('by_backend' in cache) {
    if (!obj(cache.by_backend)) problems.push('cache.by_backend is not an object');
    else {
      for (const [k, b] of Object.entries(cache.by_backend)) {
        if (!obj(b)) problems.push(`cache.by_backend[${k}] is not an object`);
        else for (const f of ['hit_rate_pct', 'hits', 'misses', 'size_bytes', 'size_entries', 'evictions_last_hour']) num(`cache.by_backend[${k}].${f}`, b[f], f === 'hit_rate_pct');
      }
    }
  }
  if ('unavailable' in cache && !(Array.isArray(cache.unavailable) && cache.unavailable.every((u) => typeof u === 'string'))) {
    problems.push('cache.unavailable is not a list of strings');
  }
  if (typeof s.at !== 'string') problems.push('at is not a string');
  if ('nodes' in s) num('nodes', s.nodes);
  if ('window' in s) {
    const w = s.window;
    if (!obj(w)) problems.push('window is not an object');
    else {
      for (const f of ['rate_window_seconds', 'rate_covered_seconds', 'count_window_seconds', 'count_covered_seconds']) num(`window.${f}`, w[f]);
      if (typeof w.partial !== 'boolean') problems.push('window.partial is not a boolean');
    }
  }
  if ('errors' in s) {
    const errors = s.errors;
    if (!Array.isArray(errors) || !errors.every((e) => obj(e) && typeof e.source === 'string' && typeof e.message === 'string')) {
      problems.push('errors is not a list of {source, message} strings');
    }
  }
  return problems;
}
