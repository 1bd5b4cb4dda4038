/**
 * The cards of one snapshot. Which figure goes where is read from
 * {@link Snapshot} field by field, so the type check catches a renamed
 * field; each figure carries `data-testid="value-<path>"` and its raw value
 * in `data-value` (test/dashboard/dashboard-browser.test.ts reads them).
 */
import { barList, meterWidth } from '../bars.ts';
import { bytes, decimal, duration, percent, raw, show } from '../format.ts';
import { isObject, section } from '../snapshot-fields.ts';
import { SPARK_HEIGHT, SPARK_WIDTH, sparkCaption, sparkGeometry } from '../sparkline.ts';
import type { HistoryField, HistoryPoint, Snapshot } from '../types.ts';
import { h, svg, type Child } from './elements.ts';

/** Bars shown per list; the rest are counted. */
const MAX_BARS = 12;

type Format = (v: number) => string;

/** The cards for `s`, with sparklines over `history` (errors first, when any). */
export function renderCards(s: Snapshot, history: readonly HistoryPoint[]): HTMLElement[] {
  const channels = section(s, 'channels');
  const envelopes = section(s, 'envelopes');
  const presence = section(s, 'presence');
  const buffer = section(s, 'history');
  const tokens = section(s, 'tokens');
  const cards = [
    card('envelopes', 'Envelopes', [
      big('envelopes.rate_per_second', envelopes.rate_per_second, decimal, 'per second'),
      sparkline(history, 'envelopes', 'rate', '/s'),
      subtitle('By aspect, in the rate window'),
      bars('by-aspect', envelopes.by_aspect),
    ]),
    card('channels', 'Channels', [
      big('channels.total_active', channels.total_active, decimal, 'active'),
      subtitle('By pattern'),
      bars('by-pattern', channels.by_pattern),
    ]),
    card('tokens', 'Tokens', [
      big('tokens.active_count', tokens.active_count, decimal, 'active'),
      sparkline(history, 'tokens', 'active', ''),
      list([
        kv('Issued (count window)', 'tokens.issued_last_hour', tokens.issued_last_hour, decimal),
        kv('Revoked (count window)', 'tokens.revoked_last_hour', tokens.revoked_last_hour, decimal),
      ]),
    ]),
    card('cache', 'Cache', cacheBody(s, history)),
    card('presence', 'Presence', [
      list([
        kv('Users', 'presence.total_users', presence.total_users, decimal),
        kv('Agents', 'presence.total_agents', presence.total_agents, decimal),
        kv('Average per channel', 'presence.average_per_channel', presence.average_per_channel, decimal),
        presence.channels === undefined ? null : kv('Channels with presence', 'presence.channels', presence.channels, decimal),
      ]),
    ]),
    card('history', 'History', [
      big('history.buffer_utilization_pct', buffer.buffer_utilization_pct, percent, 'of capacity used'),
      meter('history-utilization', buffer.buffer_utilization_pct, 100),
      list([
        kv('Envelopes buffered', 'history.total_envelopes_buffered', buffer.total_envelopes_buffered, decimal),
        buffer.capacity === undefined ? null : kv('Capacity', 'history.capacity', buffer.capacity, decimal),
      ]),
    ]),
    card('window', 'Window coverage', windowBody(s.window)),
  ];
  if (s.nodes !== undefined && s.nodes !== null) cards.push(card('nodes', 'Nodes', nodesBody(s.nodes)));
  if (Array.isArray(s.errors) && s.errors.length > 0) cards.unshift(card('errors', 'Errors', errorsBody(s.errors), 'alert'));
  return cards;
}

function cacheBody(s: Snapshot, history: readonly HistoryPoint[]): Child[] {
  const cache = section(s, 'cache');
  const body: Child[] = [
    big('cache.hit_rate_pct', cache.hit_rate_pct, percent, 'hit rate'),
    sparkline(history, 'cache', 'hit', ' %'),
    list([
      cache.hits === undefined ? null : kv('Hits (rate window)', 'cache.hits', cache.hits, decimal),
      cache.misses === undefined ? null : kv('Misses (rate window)', 'cache.misses', cache.misses, decimal),
      kv('Size', 'cache.size_bytes', cache.size_bytes, bytes),
      cache.size_entries === undefined ? null : kv('Entries', 'cache.size_entries', cache.size_entries, decimal),
      kv('Evictions (count window)', 'cache.evictions_last_hour', cache.evictions_last_hour, decimal),
    ]),
  ];
  if (Array.isArray(cache.unavailable) && cache.unavailable.length > 0) {
    body.push(h('p', { class: 'warn', 'data-testid': 'cache-unavailable' }, `Statistics unavailable: ${cache.unavailable.map(String).join(', ')}`));
  }
  const byBackend: unknown = cache.by_backend;
  const backends = isObject(byBackend) ? Object.keys(byBackend) : [];
  if (isObject(byBackend) && backends.length > 1) {
    body.push(subtitle('By backend'));
    body.push(list(backends.map((name) => {
      const entry = byBackend[name];
      const b: Record<string, unknown> = isObject(entry) ? entry : {};
      return kv(name, `cache.by_backend.${name}`, b.hit_rate_pct, (v) => `${percent(v)} · ${bytes(b.size_bytes)}`);
    })));
  }
  return body;
}

function windowBody(w: Snapshot['window'] | null): Child[] {
  if (!isObject(w)) return [h('p', { class: 'empty', 'data-testid': 'window-empty' }, 'no source reports its window')];
  return [
    h('p', { class: `badge ${w.partial ? 'partial' : 'full'}`, 'data-testid': 'window-partial', 'data-value': String(Boolean(w.partial)) }, w.partial ? 'filling' : 'full'),
    list([kv('Rate window', 'window.rate_covered_seconds', w.rate_covered_seconds, (v) => `${duration(v)} of ${duration(w.rate_window_seconds)}`)]),
    meter('window-rate', w.rate_covered_seconds, w.rate_window_seconds),
    list([kv('Count window', 'window.count_covered_seconds', w.count_covered_seconds, (v) => `${duration(v)} of ${duration(w.count_window_seconds)}`)]),
    meter('window-count', w.count_covered_seconds, w.count_window_seconds),
  ];
}

function nodesBody(nodes: unknown): Child[] {
  if (!isObject(nodes)) return [big('nodes', nodes, decimal, 'instances reporting')];
  return [list(Object.keys(nodes).map((k) => kv(k, `nodes.${k}`, nodes[k], decimal)))];
}

function errorsBody(errors: readonly unknown[]): Child[] {
  const items = errors.map((e) => {
    const source = isObject(e) && e.source !== undefined ? String(e.source) : 'source';
    const message = isObject(e) && e.message !== undefined ? String(e.message) : String(e);
    return h('li', { 'data-testid': 'error-item' }, [h('strong', null, source), `: ${message}`]);
  });
  return [h('ul', { class: 'errors', 'data-testid': 'errors-list' }, items)];
}

function card(id: string, title: string, children: readonly Child[], role?: string): HTMLElement {
  return h('section', { class: `card card-${id}`, 'data-testid': `card-${id}`, role }, [h('h2', null, title), ...children]);
}

function subtitle(text: string): HTMLElement {
  return h('h3', null, text);
}

function big(key: string, value: unknown, format: Format, caption: string): HTMLElement {
  return h('p', { class: 'big' }, [
    h('span', { class: 'figure', 'data-testid': `value-${key}`, 'data-value': raw(value) }, show(value, format)),
    h('span', { class: 'caption' }, ` ${caption}`),
  ]);
}

function list(rows: readonly Child[]): HTMLElement {
  return h('dl', { class: 'kv' }, rows);
}

function kv(label: string, key: string, value: unknown, format: Format): HTMLElement {
  return h('div', null, [
    h('dt', null, label),
    h('dd', { 'data-testid': `value-${key}`, 'data-value': raw(value) }, show(value, format)),
  ]);
}

function meter(id: string, value: unknown, max: unknown): HTMLElement {
  const fill = h('span', { class: 'fill' });
  fill.style.width = meterWidth(value, max);
  return h('div', { class: 'meter', 'data-testid': `meter-${id}` }, fill);
}

function bars(id: string, map: unknown): HTMLElement {
  const { shown, hidden } = barList(map, MAX_BARS);
  if (shown.length === 0) return h('p', { class: 'empty', 'data-testid': `${id}-empty` }, 'none in the window');
  const items: Child[] = shown.map((bar) => {
    const fill = h('span', { class: 'fill' });
    fill.style.width = bar.width;
    return h('li', { 'data-testid': `${id}-bar`, 'data-key': bar.key, 'data-value': raw(bar.value) }, [
      h('span', { class: 'label', title: bar.key }, bar.key),
      h('span', { class: 'track' }, fill),
      h('span', { class: 'n' }, decimal(bar.value)),
    ]);
  });
  if (hidden > 0) items.push(h('li', { class: 'more' }, `… and ${hidden} more`));
  return h('ul', { class: 'bars', 'data-testid': id }, items);
}

function sparkline(history: readonly HistoryPoint[], id: string, field: HistoryField, unit: string): HTMLElement {
  const g = sparkGeometry(history, field);
  const chart = svg('svg', {
    class: 'spark', viewBox: `0 0 ${SPARK_WIDTH} ${SPARK_HEIGHT}`, preserveAspectRatio: 'none',
    role: 'img', 'data-testid': `spark-${id}`, 'data-points': String(g.count),
    'aria-label': `trend over the last ${duration(g.spanSeconds)}`,
  });
  if (g.area !== undefined) chart.appendChild(svg('polygon', { class: 'area', points: g.area }));
  chart.appendChild(svg('polyline', { class: 'line', points: g.line, 'data-testid': `spark-${id}-line` }));
  return h('figure', { class: 'trend' }, [chart, h('figcaption', null, sparkCaption(g, unit))]);
}
