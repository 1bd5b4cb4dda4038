/**
 * The dashboard's browser script, served as `/parsec/dashboard/app.js`.
 *
 * It is a string (not a module of this package) so that it ships inside
 * `dist/` with no build step and no file read at run time. Plain ES2020,
 * no template literals (the string is a `String.raw` template). Every value
 * from the server reaches the page through text nodes or attributes, never
 * as markup; widths are set through the CSSOM, which the page's strict
 * Content-Security-Policy allows.
 */
export const APP_JS = String.raw`(function () {
  'use strict';

  var TOKEN_KEY = 'parsec-telemetry.token';
  var METRICS_URL = 'metrics'; // relative to /parsec/dashboard: /parsec/metrics, also behind a path prefix
  var DEFAULT_INTERVAL_MS = 2000;
  var HISTORY_MS = 5 * 60 * 1000;
  var MAX_POINTS = 1500;
  var MAX_BARS = 12;
  var SVG_NS = 'http://www.w3.org/2000/svg';
  var SPARK_W = 300;
  var SPARK_H = 56;

  var decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });
  var oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  var upToOneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

  var state = {
    interval: pollInterval(),
    token: loadToken(),
    memoryToken: null,
    timer: null,
    inFlight: false,
    needToken: false,
    lastOk: 0,
    failures: 0,
    history: [],
    snapshot: null
  };

  var ui = {
    cards: byId('cards'),
    banner: byId('banner'),
    statusText: byId('status-text'),
    status: byId('status'),
    updated: byId('updated'),
    interval: byId('interval'),
    form: byId('token-form'),
    input: byId('token-input'),
    formMessage: byId('token-message')
  };

  ui.interval.textContent = duration(state.interval / 1000);
  ui.form.addEventListener('submit', onTokenSubmit);
  setStatus('connecting', 'connecting…');
  poll();

  // ---- polling ------------------------------------------------------------

  function pollInterval() {
    var raw = new URLSearchParams(location.search).get('interval');
    var n = raw === null || raw === '' ? NaN : Number(raw);
    if (!isFinite(n)) return DEFAULT_INTERVAL_MS;
    return Math.min(60000, Math.max(100, Math.round(n)));
  }

  function schedule(ms) {
    clearTimeout(state.timer);
    state.timer = setTimeout(poll, ms);
  }

  function poll() {
    state.timer = null;
    if (state.inFlight || state.needToken) return;
    state.inFlight = true;
    var timeoutMs = Math.min(10000, Math.max(1000, state.interval * 3));
    var controller = new AbortController();
    var timedOut = false;
    var killer = setTimeout(function () { timedOut = true; controller.abort(); }, timeoutMs);
    var headers = { Accept: 'application/json' };
    if (state.token) headers.Authorization = 'Bearer ' + state.token;
    fetch(METRICS_URL, { headers: headers, cache: 'no-store', credentials: 'same-origin', signal: controller.signal })
      .then(function (res) {
        if (res.status === 401) return { unauthorized: true };
        if (!res.ok) {
          return res.text().then(function (body) { throw new Error('HTTP ' + res.status + errorDetail(body)); });
        }
        return res.json().then(function (data) { return { data: data }; }, function () {
          throw new Error('the response is not JSON');
        });
      })
      .then(function (result) {
        if (result.unauthorized) onUnauthorized();
        else onData(result.data);
      })
      .catch(function (err) {
        onError(timedOut ? 'no answer within ' + duration(timeoutMs / 1000) : messageOf(err));
      })
      .then(function () {
        clearTimeout(killer);
        state.inFlight = false;
        if (!state.needToken) schedule(state.interval);
      });
  }

  function errorDetail(body) {
    try {
      var parsed = JSON.parse(body);
      if (parsed && typeof parsed.error === 'string') return ': ' + parsed.error;
    } catch (e) { /* not JSON: the status says enough */ }
    return '';
  }

  function messageOf(err) {
    return err && err.message ? String(err.message) : String(err);
  }

  function onData(data) {
    if (!isObject(data) || !isObject(data.envelopes)) throw new Error('the response is not a parsec snapshot');
    state.lastOk = Date.now();
    state.failures = 0;
    state.snapshot = data;
    remember(data);
    ui.banner.hidden = true;
    ui.banner.textContent = '';
    ui.cards.classList.remove('stale');
    setStatus('live', 'live');
    var at = Date.parse(data.at);
    ui.updated.textContent = isFinite(at) ? 'snapshot at ' + clock(at) : 'snapshot received ' + clock(state.lastOk);
    render(data);
  }

  function onError(message) {
    state.failures += 1;
    var text = state.lastOk
      ? 'Stale since ' + clock(state.lastOk) + ' — last error: ' + message
      : 'No data yet — last error: ' + message;
    ui.banner.textContent = '';
    ui.banner.appendChild(h('strong', null, text));
    ui.banner.appendChild(h('span', { class: 'detail' },
      ' (' + state.failures + ' failed ' + (state.failures === 1 ? 'poll' : 'polls') + ', retrying every ' + duration(state.interval / 1000) + ')'));
    ui.banner.setAttribute('data-failures', String(state.failures));
    ui.banner.hidden = false;
    ui.cards.classList.add('stale');
    setStatus(state.lastOk ? 'stale' : 'down', state.lastOk ? 'stale' : 'no data');
  }

  // ---- bearer token -------------------------------------------------------

  function loadToken() {
    try { return sessionStorage.getItem(TOKEN_KEY); } catch (e) { return null; }
  }

  function saveToken(value) {
    try {
      if (value === null) sessionStorage.removeItem(TOKEN_KEY);
      else sessionStorage.setItem(TOKEN_KEY, value);
    } catch (e) { /* storage disabled: the token lives in this page only */ }
  }

  function onUnauthorized() {
    var refused = Boolean(state.token);
    state.token = null;
    saveToken(null);
    state.needToken = true;
    ui.formMessage.textContent = refused
      ? 'The token was refused. Enter it again.'
      : 'This server needs a bearer token to show its metrics.';
    ui.form.hidden = false;
    ui.input.focus();
    if (state.lastOk) ui.cards.classList.add('stale');
    setStatus('auth', 'token required');
  }

  function onTokenSubmit(event) {
    event.preventDefault();
    var value = ui.input.value.trim();
    if (!/^[\x21-\x7E]+$/.test(value)) {
      ui.formMessage.textContent = 'A token is one word of visible ASCII characters.';
      return;
    }
    state.token = value;
    saveToken(value);
    ui.input.value = '';
    ui.form.hidden = true;
    state.needToken = false;
    setStatus('connecting', 'connecting…');
    schedule(0);
  }

  // ---- history for the sparklines -----------------------------------------

  function remember(s) {
    var now = Date.now();
    state.history.push({
      t: now,
      rate: numberOr(section(s, 'envelopes').rate_per_second, 0),
      hit: numberOr(section(s, 'cache').hit_rate_pct, 0),
      active: numberOr(section(s, 'tokens').active_count, 0)
    });
    while (state.history.length > MAX_POINTS || (state.history.length > 0 && state.history[0].t < now - HISTORY_MS)) {
      state.history.shift();
    }
  }

  // ---- rendering ----------------------------------------------------------

  function render(s) {
    var channels = section(s, 'channels');
    var envelopes = section(s, 'envelopes');
    var presence = section(s, 'presence');
    var history = section(s, 'history');
    var tokens = section(s, 'tokens');
    var cache = section(s, 'cache');
    var cards = [
      card('envelopes', 'Envelopes', [
        big('envelopes.rate_per_second', envelopes.rate_per_second, decimal.format, 'per second'),
        sparkline('envelopes', 'rate', '/s'),
        subtitle('By aspect, in the rate window'),
        bars('by-aspect', envelopes.by_aspect)
      ]),
      card('channels', 'Channels', [
        big('channels.total_active', channels.total_active, decimal.format, 'active'),
        subtitle('By pattern'),
        bars('by-pattern', channels.by_pattern)
      ]),
      card('tokens', 'Tokens', [
        big('tokens.active_count', tokens.active_count, decimal.format, 'active'),
        sparkline('tokens', 'active', ''),
        list([
          kv('Issued (count window)', 'tokens.issued_last_hour', tokens.issued_last_hour, decimal.format),
          kv('Revoked (count window)', 'tokens.revoked_last_hour', tokens.revoked_last_hour, decimal.format)
        ])
      ]),
      card('cache', 'Cache', cacheBody(cache)),
      card('presence', 'Presence', [
        list([
          kv('Users', 'presence.total_users', presence.total_users, decimal.format),
          kv('Agents', 'presence.total_agents', presence.total_agents, decimal.format),
          kv('Average per channel', 'presence.average_per_channel', presence.average_per_channel, decimal.format),
          presence.channels === undefined ? null : kv('Channels with presence', 'presence.channels', presence.channels, decimal.format)
        ])
      ]),
      card('history', 'History', [
        big('history.buffer_utilization_pct', history.buffer_utilization_pct, percent, 'of capacity used'),
        meter('history-utilization', history.buffer_utilization_pct, 100),
        list([
          kv('Envelopes buffered', 'history.total_envelopes_buffered', history.total_envelopes_buffered, decimal.format),
          history.capacity === undefined ? null : kv('Capacity', 'history.capacity', history.capacity, decimal.format)
        ])
      ]),
      card('window', 'Window coverage', windowBody(s.window))
    ];
    if (s.nodes !== undefined && s.nodes !== null) cards.push(card('nodes', 'Nodes', nodesBody(s.nodes)));
    if (Array.isArray(s.errors) && s.errors.length > 0) cards.unshift(card('errors', 'Errors', errorsBody(s.errors), 'alert'));
    ui.cards.replaceChildren.apply(ui.cards, cards);
  }

  function cacheBody(cache) {
    var body = [
      big('cache.hit_rate_pct', cache.hit_rate_pct, percent, 'hit rate'),
      sparkline('cache', 'hit', ' %'),
      list([
        cache.hits === undefined ? null : kv('Hits (rate window)', 'cache.hits', cache.hits, decimal.format),
        cache.misses === undefined ? null : kv('Misses (rate window)', 'cache.misses', cache.misses, decimal.format),
        kv('Size', 'cache.size_bytes', cache.size_bytes, bytes),
        cache.size_entries === undefined ? null : kv('Entries', 'cache.size_entries', cache.size_entries, decimal.format),
        kv('Evictions (count window)', 'cache.evictions_last_hour', cache.evictions_last_hour, decimal.format)
      ])
    ];
    if (Array.isArray(cache.unavailable) && cache.unavailable.length > 0) {
      body.push(h('p', { class: 'warn', 'data-testid': 'cache-unavailable' }, 'Statistics unavailable: ' + cache.unavailable.map(String).join(', ')));
    }
    var backends = isObject(cache.by_backend) ? Object.keys(cache.by_backend) : [];
    if (backends.length > 1) {
      body.push(subtitle('By backend'));
      body.push(list(backends.map(function (name) {
        var b = isObject(cache.by_backend[name]) ? cache.by_backend[name] : {};
        return kv(name, 'cache.by_backend.' + name, b.hit_rate_pct, function (v) {
          return percent(v) + ' · ' + bytes(b.size_bytes);
        });
      })));
    }
    return body;
  }

  function windowBody(w) {
    if (!isObject(w)) return [h('p', { class: 'empty', 'data-testid': 'window-empty' }, 'no source reports its window')];
    return [
      h('p', { class: 'badge ' + (w.partial ? 'partial' : 'full'), 'data-testid': 'window-partial', 'data-value': String(Boolean(w.partial)) },
        w.partial ? 'filling' : 'full'),
      list([kv('Rate window', 'window.rate_covered_seconds', w.rate_covered_seconds, function (v) {
        return duration(v) + ' of ' + duration(w.rate_window_seconds);
      })]),
      meter('window-rate', w.rate_covered_seconds, w.rate_window_seconds),
      list([kv('Count window', 'window.count_covered_seconds', w.count_covered_seconds, function (v) {
        return duration(v) + ' of ' + duration(w.count_window_seconds);
      })]),
      meter('window-count', w.count_covered_seconds, w.count_window_seconds)
    ];
  }

  function nodesBody(nodes) {
    if (!isObject(nodes)) return [big('nodes', nodes, decimal.format, 'instances reporting')];
    return [list(Object.keys(nodes).map(function (k) {
      return kv(k, 'nodes.' + k, nodes[k], decimal.format);
    }))];
  }

  function errorsBody(errors) {
    var items = errors.map(function (e) {
      var source = isObject(e) && e.source !== undefined ? String(e.source) : 'source';
      var message = isObject(e) && e.message !== undefined ? String(e.message) : String(e);
      return h('li', { 'data-testid': 'error-item' }, [h('strong', null, source), ': ' + message]);
    });
    return [h('ul', { class: 'errors', 'data-testid': 'errors-list' }, items)];
  }

  function card(id, title, children, role) {
    return h('section', { class: 'card card-' + id, 'data-testid': 'card-' + id, role: role }, [h('h2', null, title)].concat(children));
  }

  function subtitle(text) {
    return h('h3', null, text);
  }

  function big(key, value, format, caption) {
    return h('p', { class: 'big' }, [
      h('span', { class: 'figure', 'data-testid': 'value-' + key, 'data-value': raw(value) }, show(value, format)),
      h('span', { class: 'caption' }, ' ' + caption)
    ]);
  }

  function list(rows) {
    return h('dl', { class: 'kv' }, rows);
  }

  function kv(label, key, value, format) {
    return h('div', null, [
      h('dt', null, label),
      h('dd', { 'data-testid': 'value-' + key, 'data-value': raw(value) }, show(value, format))
    ]);
  }

  function meter(id, value, max) {
    var fill = h('span', { class: 'fill' });
    var ratio = typeof value === 'number' && typeof max === 'number' && max > 0 ? Math.min(1, Math.max(0, value / max)) : 0;
    fill.style.width = (ratio * 100).toFixed(2) + '%';
    return h('div', { class: 'meter', 'data-testid': 'meter-' + id }, fill);
  }

  function bars(id, map) {
    var entries = isObject(map) ? Object.keys(map).map(function (k) { return [k, numberOr(map[k], 0)]; }) : [];
    if (entries.length === 0) return h('p', { class: 'empty', 'data-testid': id + '-empty' }, 'none in the window');
    entries.sort(function (a, b) { return b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0); });
    var max = Math.max.apply(null, entries.map(function (e) { return e[1]; })) || 1;
    var shown = entries.slice(0, MAX_BARS);
    var items = shown.map(function (e) {
      var fill = h('span', { class: 'fill' });
      fill.style.width = (Math.max(0, e[1]) / max * 100).toFixed(2) + '%';
      return h('li', { 'data-testid': id + '-bar', 'data-key': e[0], 'data-value': raw(e[1]) }, [
        h('span', { class: 'label', title: e[0] }, e[0]),
        h('span', { class: 'track' }, fill),
        h('span', { class: 'n' }, decimal.format(e[1]))
      ]);
    });
    if (entries.length > shown.length) {
      items.push(h('li', { class: 'more' }, '… and ' + (entries.length - shown.length) + ' more'));
    }
    return h('ul', { class: 'bars', 'data-testid': id }, items);
  }

  function sparkline(id, field, unit) {
    var points = state.history;
    var span = spanSeconds(points);
    var svg = svg_('svg', {
      class: 'spark', viewBox: '0 0 ' + SPARK_W + ' ' + SPARK_H, preserveAspectRatio: 'none',
      role: 'img', 'data-testid': 'spark-' + id, 'data-points': String(points.length),
      'aria-label': 'trend over the last ' + duration(span)
    });
    var values = points.map(function (p) { return p[field]; });
    var low = Math.min.apply(null, values.concat([Infinity]));
    var high = Math.max.apply(null, values.concat([-Infinity]));
    // Scaled to the range seen, with a margin; a flat series is drawn across the middle.
    var pad = (high - low) * 0.12;
    var bottom = low - pad;
    var range = high - low + 2 * pad;
    var t0 = points.length > 0 ? points[0].t : 0;
    var dt = points.length > 1 ? points[points.length - 1].t - t0 : 0;
    var coords = points.map(function (p, i) {
      var x = dt > 0 ? (p.t - t0) / dt * SPARK_W : SPARK_W;
      var y = range > 0 ? SPARK_H - 2 - (values[i] - bottom) / range * (SPARK_H - 4) : SPARK_H / 2;
      return x.toFixed(1) + ',' + y.toFixed(1);
    });
    if (coords.length > 1) {
      svg.appendChild(svg_('polygon', { class: 'area', points: '0,' + SPARK_H + ' ' + coords.join(' ') + ' ' + SPARK_W + ',' + SPARK_H }));
    }
    svg.appendChild(svg_('polyline', { class: 'line', points: coords.join(' '), 'data-testid': 'spark-' + id + '-line' }));
    var caption = points.length < 2 ? 'the trend starts with the next poll'
      : 'last ' + duration(span) + ' · min ' + decimal.format(low) + unit + ' · max ' + decimal.format(high) + unit;
    return h('figure', { class: 'trend' }, [svg, h('figcaption', null, caption)]);
  }

  function spanSeconds(points) {
    return points.length > 1 ? Math.round((points[points.length - 1].t - points[0].t) / 1000) : 0;
  }

  // ---- helpers ------------------------------------------------------------

  function byId(id) {
    return document.getElementById(id);
  }

  function h(tag, attrs, children) {
    return build(document.createElement(tag), attrs, children);
  }

  function svg_(tag, attrs) {
    return build(document.createElementNS(SVG_NS, tag), attrs, null);
  }

  function build(node, attrs, children) {
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (attrs[k] !== undefined && attrs[k] !== null) node.setAttribute(k, String(attrs[k]));
      });
    }
    [].concat(children === undefined || children === null ? [] : children).forEach(function (c) {
      if (c === null || c === undefined) return;
      node.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
    });
    return node;
  }

  function setStatus(kind, text) {
    ui.status.className = 'status ' + kind;
    ui.status.setAttribute('data-state', kind);
    ui.statusText.textContent = text;
  }

  function isObject(v) {
    return v !== null && typeof v === 'object' && !Array.isArray(v);
  }

  function section(s, name) {
    return isObject(s[name]) ? s[name] : {};
  }

  function numberOr(v, fallback) {
    return typeof v === 'number' && isFinite(v) ? v : fallback;
  }

  function raw(v) {
    return v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  }

  function show(v, format) {
    return typeof v === 'number' && isFinite(v) ? format(v) : v === undefined || v === null ? '—' : String(v);
  }

  function percent(v) {
    return decimal.format(v) + ' %';
  }

  function bytes(v) {
    if (typeof v !== 'number' || !isFinite(v)) return '—';
    var units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    var i = 0;
    var n = v;
    while (Math.abs(n) >= 1024 && i < units.length - 1) { n /= 1024; i += 1; }
    return (i === 0 ? decimal.format(n) : oneDecimal.format(n)) + ' ' + units[i];
  }

  function duration(seconds) {
    if (typeof seconds !== 'number' || !isFinite(seconds)) return '—';
    if (seconds < 90) return upToOneDecimal.format(seconds) + ' s';
    if (seconds < 3600) return upToOneDecimal.format(seconds / 60) + ' min';
    return upToOneDecimal.format(seconds / 3600) + ' h';
  }

  function clock(ms) {
    var d = new Date(ms);
    return [d.getHours(), d.getMinutes(), d.getSeconds()].map(function (n) { return n < 10 ? '0' + n : String(n); }).join(':');
  }
})();
`;
