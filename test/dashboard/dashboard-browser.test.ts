import t, { type Test } from 'tap';
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Page } from 'playwright-core';
import { createTelemetry, EnvelopeCounters, TokenCounters, type MetricsHistory, type Snapshot } from '../../src/index.ts';
import { DemoNode } from '../../src/demo/demo-node.ts';
import { createDashboardRoutes, DASHBOARD_PATH } from '../../src/dashboard/dashboard-routes.ts';
import { listen } from '../../src/http/listen.ts';
import { createRouter } from '../../src/http/router.ts';
import { clocked } from '../helpers/clocked.ts';
import { fetchText } from '../helpers/http.ts';
import { requireProgram } from '../helpers/system-program.ts';
import { launchChromium, type Chromium } from './chromium.ts';

/**
 * The page's `document` and elements as the callbacks below use them: the
 * callbacks run in Chromium (Playwright serialises them), while this file is
 * checked with the Node code, without the DOM lib (tsconfig.json).
 */
declare const document: { querySelector(selector: string): { getAttribute(name: string): string | null; textContent: string | null } | null };
type StyledElement = { style: { width: string } };

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** Where every run leaves its screenshots (git-ignored). */
const ARTIFACTS = resolve(ROOT, '.tap/artifacts');
/** The screenshot of docs/dashboard.md, rewritten only on request: `PARSEC_UPDATE_SCREENSHOT=1 npx tap test/dashboard/dashboard-browser.test.ts`. */
const DOCS_SCREENSHOT = resolve(ROOT, 'docs/dashboard.png');
const WAIT = { timeout: 15_000 };
const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });

/** The page polls every 200 ms in these tests. */
const dashboardUrl = (base: string) => `${base}${DASHBOARD_PATH}?interval=200`;

/** The page down to its last card (at most the viewport), so a screenshot has no empty band at the bottom. */
async function contentClip(page: Page): Promise<{ x: number; y: number; width: number; height: number }> {
  const viewport = page.viewportSize() ?? { width: 1200, height: 800 };
  const bottom = await page.$eval('[data-testid="cards"]', (el) => Math.ceil(el.getBoundingClientRect().bottom));
  return { x: 0, y: 0, width: viewport.width, height: Math.min(viewport.height, bottom) };
}

/** Saves a screenshot of the page's content under {@link ARTIFACTS}. */
async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: resolve(ARTIFACTS, name), clip: await contentClip(page) });
}

/** Polls the page has rendered so far (the cards' `data-polls`). */
async function polls(page: Page): Promise<number> {
  return Number(await page.getAttribute('[data-testid="cards"]', 'data-polls'));
}

/** Waits until the page has rendered at least `n` polls. */
async function waitForPolls(page: Page, n: number): Promise<void> {
  await page.waitForFunction(
    (min) => Number(document.querySelector('[data-testid="cards"]')?.getAttribute('data-polls')) >= min,
    n,
    WAIT,
  );
}

/** Waits until the page's last history request has answered; returns how (`loaded`, `unauthorized`, `unavailable`). */
async function historyState(page: Page): Promise<string> {
  await page.waitForFunction(() => document.querySelector('[data-testid="range"]')?.getAttribute('data-history') !== 'loading', null, WAIT);
  return String(await page.getAttribute('[data-testid="range"]', 'data-history'));
}

/** Every figure on the page: `value-<key>` → its raw value and its text. */
async function shownValues(page: Page): Promise<Record<string, { value: string; text: string }>> {
  const rows = await page.$$eval('[data-testid^="value-"]', (els) =>
    els.map((e) => [String(e.getAttribute('data-testid')).slice('value-'.length), String(e.getAttribute('data-value')), String(e.textContent)] as const),
  );
  return Object.fromEntries(rows.map(([key, value, text]) => [key, { value, text }]));
}

/** Bars as `{ key: value }`, in the order shown. */
async function shownBars(page: Page, id: string): Promise<[string, number][]> {
  return page.$$eval(`[data-testid="${id}-bar"]`, (els) => els.map((e) => [String(e.getAttribute('data-key')), Number(e.getAttribute('data-value'))] as [string, number]));
}

/** The points of each sparkline's polyline. */
async function sparkPoints(page: Page): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const id of ['envelopes', 'cache', 'tokens']) {
    const points = (await page.getAttribute(`[data-testid="spark-${id}-line"]`, 'points')) ?? '';
    out[id] = points.trim() === '' ? 0 : points.trim().split(/\s+/).length;
  }
  return out;
}

/** The figures of a snapshot the dashboard shows, by the page's keys. */
function expectedFigures(s: Snapshot): Record<string, number | undefined> {
  return {
    'envelopes.rate_per_second': s.envelopes.rate_per_second,
    'channels.total_active': s.channels.total_active,
    'tokens.active_count': s.tokens.active_count,
    'tokens.issued_last_hour': s.tokens.issued_last_hour,
    'tokens.revoked_last_hour': s.tokens.revoked_last_hour,
    'cache.hit_rate_pct': s.cache.hit_rate_pct,
    'cache.hits': s.cache.hits,
    'cache.misses': s.cache.misses,
    'cache.size_bytes': s.cache.size_bytes,
    'cache.size_entries': s.cache.size_entries,
    'cache.evictions_last_hour': s.cache.evictions_last_hour,
    'presence.total_users': s.presence.total_users,
    'presence.total_agents': s.presence.total_agents,
    'presence.average_per_channel': s.presence.average_per_channel,
    'presence.channels': s.presence.channels,
    'history.buffer_utilization_pct': s.history.buffer_utilization_pct,
    'history.total_envelopes_buffered': s.history.total_envelopes_buffered,
    'history.capacity': s.history.capacity,
    'window.rate_covered_seconds': s.window?.rate_covered_seconds,
    'window.count_covered_seconds': s.window?.count_covered_seconds,
  };
}

const PERCENT_KEYS = new Set(['cache.hit_rate_pct', 'history.buffer_utilization_pct']);
const UNFORMATTED_KEYS = new Set(['cache.size_bytes', 'window.rate_covered_seconds', 'window.count_covered_seconds']);

function checkFigures(t: Test, shown: Record<string, { value: string; text: string }>, snap: Snapshot): void {
  const expected = expectedFigures(snap);
  for (const [key, value] of Object.entries(expected)) {
    t.not(value, undefined, `the snapshot has ${key}`);
    t.equal(shown[key]?.value, String(value), `${key} = ${value}`);
    if (UNFORMATTED_KEYS.has(key)) continue;
    const text = decimal.format(value as number) + (PERCENT_KEYS.has(key) ? ' %' : '');
    t.equal(shown[key]?.text, text, `${key} reads ${text}`);
  }
  t.same(Object.keys(shown).sort(), Object.keys(expected).sort(), 'no figure more, none less');
}

const chromiumPath = requireProgram(t, 'chromium');
if (chromiumPath !== undefined) {
  let browser: Chromium;
  t.before(async () => {
    browser = await launchChromium(chromiumPath);
  });
  t.teardown(() => browser.close());

  t.test('a demo node: figures match /parsec/metrics, sparklines grow, bars, then the stale state', async (t) => {
    const c = clocked({ env: {} }, Date.parse('2026-12-01T09:00:00Z'));
    t.teardown(() => c.telemetry.shutdown());
    const node = new DemoNode(c.telemetry.meter, { ratePerSecond: 60, seed: 11 });
    t.teardown(() => node.close());
    const bursts = new EnvelopeCounters(c.telemetry.meter);
    const simulate = (ms: number, burst = 0) => c.advance(ms, 1000, () => {
      node.tick(1000);
      bursts.observe('chat', burst);
    });
    await simulate(75_000);
    const server = await c.telemetry.listen({ port: 0 });
    const { page, problems } = await browser.newPage();
    await page.goto(dashboardUrl(server.url));
    await waitForPolls(page, 1);
    t.equal(await page.getAttribute('[data-testid="status"]', 'data-state'), 'live');
    t.equal(await page.textContent('[data-testid="interval"]'), '0.2 s', 'the interval comes from ?interval=');

    // The sparklines grow by one point per poll; the data moves between polls.
    const growth: Record<string, number>[] = [];
    for (let i = 0; i < 24; i++) {
      await simulate(4_000, Math.round(60 * (1 + Math.sin(i / 3))));
      await waitForPolls(page, (await polls(page)) + 1);
      if (i % 8 === 0) growth.push(await sparkPoints(page));
    }
    growth.push(await sparkPoints(page));
    for (const id of ['envelopes', 'cache', 'tokens']) {
      const counts = growth.map((g) => g[id] as number);
      t.ok(counts.every((n, i) => i === 0 || n > (counts[i - 1] as number)), `spark-${id} grows across polls: ${counts.join(' < ')}`);
    }
    const rateLine = (await page.getAttribute('[data-testid="spark-envelopes-line"]', 'points')) ?? '';
    t.ok(new Set(rateLine.trim().split(/\s+/).map((p) => p.split(',')[1])).size > 3, 'the rate line is not flat');

    // Frozen data: two more polls after the last change, then the page must show exactly what /parsec/metrics says.
    await waitForPolls(page, (await polls(page)) + 2);
    const snap = JSON.parse((await fetchText(`${server.url}/parsec/metrics`)).body) as Snapshot;
    await waitForPolls(page, (await polls(page)) + 1);
    checkFigures(t, await shownValues(page), snap);
    t.equal(await page.getAttribute('[data-testid="window-partial"]', 'data-value'), String(snap.window?.partial));
    t.match(await page.textContent('[data-testid="value-window.count_covered_seconds"]'), /^[\d.]+ min of 1 h$/, 'coverage reads in minutes of the hour');

    const byAspect = await shownBars(page, 'by-aspect');
    t.same(Object.fromEntries(byAspect), snap.envelopes.by_aspect, 'a bar per aspect, with its count');
    t.same(byAspect.map(([, v]) => v), byAspect.map(([, v]) => v).sort((a, b) => b - a), 'largest first');
    t.equal(byAspect.length, 5);
    const byPattern = await shownBars(page, 'by-pattern');
    t.same(Object.fromEntries(byPattern), snap.channels.by_pattern, 'a bar per channel pattern');
    t.equal(byPattern.length, 4);
    const widths = await page.$$eval('[data-testid="by-aspect-bar"] .fill', (els) => els.map((e) => parseFloat((e as unknown as StyledElement).style.width)));
    t.equal(widths[0], 100, 'the largest bar fills its track');
    t.ok(widths.every((w, i) => i === 0 || w <= (widths[i - 1] as number)), 'bar widths follow the values');
    t.equal(await page.locator('[data-testid="card-errors"]').count(), 0, 'no errors card without errors');
    t.equal(await page.locator('[data-testid="card-nodes"]').count(), 0, 'no nodes card without nodes');
    t.same(problems, [], 'no script error, no CSP violation, no failed request while the server is up');

    await screenshot(page, 'dashboard.png');

    // The server goes away: the page keeps the last figures, dimmed, under a banner.
    const before = await shownValues(page);
    await c.telemetry.shutdown();
    const banner = page.getByTestId('stale-banner');
    await banner.waitFor({ state: 'visible', ...WAIT });
    t.match(await banner.textContent(), /^Stale since \d\d:\d\d:\d\d — last error: Failed to fetch \(\d+ failed polls?, retrying every 0\.2 s\)$/);
    t.equal(await page.getAttribute('[data-testid="status"]', 'data-state'), 'stale');
    t.match(await page.getAttribute('[data-testid="cards"]', 'class'), /\bstale\b/, 'the cards are marked stale');
    t.same(await shownValues(page), before, 'the last figures stay on the page');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="stale-banner"]')?.getAttribute('data-failures')) >= 2, null, WAIT);
    t.match(await banner.textContent(), /\(\d+ failed polls,/, 'the page keeps polling and counts the failures');
    await screenshot(page, 'dashboard-stale.png');
    await page.close();
  });

  t.test('a node that has run 10 minutes: full sparklines on open, before the second poll; the hour switch', async (t) => {
    const c = clocked({ env: {} }, Date.parse('2026-12-01T09:00:00Z'));
    t.teardown(() => c.telemetry.shutdown());
    const node = new DemoNode(c.telemetry.meter, { ratePerSecond: 60, seed: 7 });
    t.teardown(() => node.close());
    const bursts = new EnvelopeCounters(c.telemetry.meter);
    let second = 0;
    await c.advance(10 * 60_000, 1000, () => {
      node.tick(1000);
      bursts.observe('chat', Math.round(40 * (1 + Math.sin(second++ / 30))));
    });
    const server = await c.telemetry.listen({ port: 0 });
    const served = async (range: string) =>
      (JSON.parse((await fetchText(`${server.url}/parsec/metrics/history?range=${range}`)).body) as MetricsHistory).series['envelopes.rate_per_second'] ?? [];
    const five = await served('5m');
    const hour = await served('1h');
    t.ok(five.length >= 10 && hour.length >= 10, `the node serves ${five.length} and ${hour.length} points`);

    const { page, problems } = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (req) => {
      const url = new URL(req.url());
      if (url.pathname.startsWith('/parsec/metrics')) requests.push(url.pathname + url.search);
    });
    // One poll a minute: the test is over long before the second.
    await page.goto(`${server.url}${DASHBOARD_PATH}?interval=60000`);
    t.equal(await historyState(page), 'loaded');
    await waitForPolls(page, 1);
    const caption = async () => String(await page.textContent('[data-testid="card-envelopes"] figcaption'));
    const minutes = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
    /** The caption of a sparkline over `series`: its span in minutes, its lowest and highest value. */
    const expectedCaption = (series: [number, number][]) => {
      const span = Math.round(((series.at(-1)?.[0] ?? 0) - (series[0]?.[0] ?? 0)) / 1000);
      const values = series.map(([, v]) => v);
      return `last ${minutes.format(span / 60)} min · min ${decimal.format(Math.min(...values))}/s · max ${decimal.format(Math.max(...values))}/s`;
    };

    const opened = await sparkPoints(page);
    const count = (id: string) => opened[id] ?? 0;
    t.ok(count('envelopes') >= 10, `the envelope sparkline has ${count('envelopes')} points on open`);
    t.equal(count('envelopes'), five.length, 'one per point of the 5-minute history (the first poll is its newest point)');
    t.ok(count('cache') >= 10 && count('tokens') >= 10, 'so do the cache and token sparklines');
    t.equal(await caption(), expectedCaption(five), 'drawn from the served values, over the last 5 minutes');
    t.same(requests, ['/parsec/metrics/history?range=5m', '/parsec/metrics'], 'the history, then one poll: no second poll yet');
    const group = page.getByRole('group', { name: 'Sparklines over the last' });
    t.equal(await group.getByRole('button', { name: '5 min', pressed: true }).count(), 1, 'the 5-minute button is pressed');
    t.equal(await group.getByRole('button', { name: '1 h', pressed: false }).count(), 1);
    await screenshot(page, 'dashboard-history.png');
    if (process.env.PARSEC_UPDATE_SCREENSHOT === '1') {
      await mkdir(dirname(DOCS_SCREENSHOT), { recursive: true });
      await page.screenshot({ path: DOCS_SCREENSHOT, clip: await contentClip(page) });
      t.comment(`wrote ${DOCS_SCREENSHOT}`);
    }

    await group.getByRole('button', { name: '1 h' }).click();
    t.equal(await historyState(page), 'loaded');
    t.equal(await page.getAttribute('[data-testid="range-1h"]', 'aria-pressed'), 'true', 'the hour button is pressed');
    t.equal(await page.getAttribute('[data-testid="range-5m"]', 'aria-pressed'), 'false');
    const switched = await sparkPoints(page);
    t.equal(switched.envelopes, hour.length, `redrawn from the hour's history: ${hour.length} points a minute apart`);
    t.equal(await caption(), expectedCaption(hour), 'over the minutes the node has run');
    t.same(requests.slice(2), ['/parsec/metrics/history?range=1h'], 'the switch asks for the hour, and polls no more often');

    await page.getByTestId('range-5m').click();
    t.equal(await historyState(page), 'loaded');
    t.equal((await sparkPoints(page)).envelopes, five.length, 'and back');
    t.equal(await page.getAttribute('[data-testid="range-5m"]', 'aria-pressed'), 'true');
    t.equal(await polls(page), 1, 'still before the second poll');
    t.same(problems, [], 'no script error, no CSP violation, no failed request');
    await page.close();
  });

  t.test('bearer token: 401 → form → token kept in sessionStorage → data', async (t) => {
    const telemetry = createTelemetry({ sampleIntervalMs: 0, env: {}, token: 'open-sesame' });
    t.teardown(() => telemetry.shutdown());
    new EnvelopeCounters(telemetry.meter).observe('chat', 42);
    new TokenCounters(telemetry.meter).issued(5);
    const server = await telemetry.listen({ port: 0 });
    const { page, problems } = await browser.newPage();
    const sent: (string | undefined)[] = [];
    const sentForHistory: (string | undefined)[] = [];
    page.on('request', (req) => {
      const path = new URL(req.url()).pathname;
      if (path === '/parsec/metrics') sent.push(req.headers().authorization);
      if (path === '/parsec/metrics/history') sentForHistory.push(req.headers().authorization);
    });
    const stored = () => page.evaluate(() => sessionStorage.getItem('parsec-telemetry.token'));

    await page.goto(dashboardUrl(server.url));
    const form = page.getByTestId('token-form');
    await form.waitFor({ state: 'visible', ...WAIT });
    t.equal(await page.textContent('[data-testid="token-message"]'), 'This server needs a bearer token to show its metrics.');
    t.equal(await page.getAttribute('[data-testid="status"]', 'data-state'), 'auth');
    t.same(sent, [undefined], 'one request without a token, then the page waits for one');
    t.equal(await page.getByTestId('stale-banner').isVisible(), false, 'asking for a token is not an error');
    t.equal(await historyState(page), 'unauthorized', 'the history wants the token too');

    await page.fill('[data-testid="token-input"]', 'not valid');
    await page.click('[data-testid="token-submit"]');
    t.equal(await page.textContent('[data-testid="token-message"]'), 'A token is one word of visible ASCII characters.');
    t.equal(await stored(), null, 'a malformed token is not kept');
    t.equal(sent.length, 1, 'nor sent');

    await page.fill('[data-testid="token-input"]', 'wrong-token');
    await page.click('[data-testid="token-submit"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="token-message"]')?.textContent === 'The token was refused. Enter it again.', null, WAIT);
    t.equal(await form.isVisible(), true, 'the form is back');
    t.equal(await stored(), null, 'a refused token is forgotten');
    t.equal(sent[1], 'Bearer wrong-token');

    await page.fill('[data-testid="token-input"]', '  open-sesame  ');
    await page.click('[data-testid="token-submit"]');
    await waitForPolls(page, 2);
    t.equal(await form.isVisible(), false);
    t.equal(await stored(), 'open-sesame', 'the accepted token is kept in sessionStorage (trimmed)');
    t.equal(await page.getAttribute('[data-testid="status"]', 'data-state'), 'live');
    t.equal(await page.getAttribute('[data-testid="value-tokens.issued_last_hour"]', 'data-value'), '5');
    t.same(Object.fromEntries(await shownBars(page, 'by-aspect')), { chat: 42 });
    t.ok(sent.slice(2).every((h) => h === 'Bearer open-sesame'), 'every later poll sends the token');
    t.equal(await historyState(page), 'loaded', 'the history is asked again with the accepted token');
    t.same(sentForHistory, [undefined, 'Bearer wrong-token', 'Bearer open-sesame'], 'with each token tried, as the polls send it');

    // A reload in the same tab reuses the stored token: no second question.
    const seen = sent.length;
    await page.reload();
    await waitForPolls(page, 1);
    t.equal(await form.isVisible(), false, 'no form after a reload');
    t.equal(sent[seen], 'Bearer open-sesame', 'the first poll after the reload already sends the token');
    t.same(problems.filter((p) => !p.includes('401')), [], 'no script error or CSP violation (the 401s are expected)');
    await page.close();
  });

  t.test('a source that fails, nodes, HTTP errors, odd bodies, a hang, and recovery', async (t) => {
    let mode: 'ok' | '500' | 'text' | 'not-snapshot' | 'hang' = '500';
    const hung: ServerResponse[] = [];
    const snapshot = {
      channels: { total_active: 15, by_pattern: Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`p${String(i).padStart(2, '0')}:*`, 1])) },
      envelopes: { rate_per_second: 12.5 },
      presence: { total_users: 4, total_agents: 1, average_per_channel: 2.5 },
      history: { total_envelopes_buffered: 0, buffer_utilization_pct: 0 },
      tokens: { issued_last_hour: 1, revoked_last_hour: 0, active_count: 1 },
      cache: {
        hit_rate_pct: 50, size_bytes: 3 * 1024 * 1024, evictions_last_hour: 0, unavailable: ['redis'],
        by_backend: {
          memory: { hit_rate_pct: 50, hits: 1, misses: 1, size_bytes: 3 * 1024 * 1024, size_entries: 3, evictions_last_hour: 0 },
          redis: { hit_rate_pct: 0, hits: 0, misses: 0, size_bytes: 0, size_entries: 0, evictions_last_hour: 0 },
        },
      },
      at: '2026-11-24T14:00:00.000Z',
      nodes: 2,
      errors: [{ source: 'prometheus', message: '<img src=x onerror="document.title=1"> query timed out' }],
    };
    const metrics = (_req: IncomingMessage, res: ServerResponse) => {
      if (mode === 'hang') {
        hung.push(res);
        return;
      }
      const [status, type, body] =
        mode === 'ok' ? [200, 'application/json', JSON.stringify(snapshot)]
        : mode === '500' ? [500, 'application/json', JSON.stringify({ error: 'snapshot failed' })]
        : mode === 'text' ? [200, 'text/plain', 'not json']
        : [200, 'application/json', '{"hello":"world"}'];
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    const server = await listen(createRouter([...createDashboardRoutes(), { path: '/parsec/metrics', methods: ['GET'], protected: false, handler: metrics }]), { port: 0 });
    t.teardown(() => server.close());
    const { page } = await browser.newPage();
    const banner = page.getByTestId('stale-banner');
    const bannerSays = (re: RegExp) => page.waitForFunction(
      (source) => new RegExp(source).test(document.querySelector('[data-testid="stale-banner"]')?.textContent ?? ''),
      re.source,
      WAIT,
    );

    await page.goto(dashboardUrl(server.url));
    t.equal(await historyState(page), 'unavailable', 'a server without the history route (404): polls only');
    await bannerSays(/^No data yet — last error: HTTP 500: snapshot failed/);
    t.equal(await page.getAttribute('[data-testid="status"]', 'data-state'), 'down', 'never had data: down, not stale');

    mode = 'ok';
    await waitForPolls(page, 1);
    t.equal(await banner.isVisible(), false, 'the banner goes once a poll succeeds');
    t.equal(await page.getAttribute('[data-testid="status"]', 'data-state'), 'live');
    t.equal(await page.getAttribute('[data-testid="spark-envelopes"]', 'data-points'), '1', 'the sparkline starts from the first poll');
    const errors = await page.$$eval('[data-testid="error-item"]', (els) => els.map((e) => e.textContent));
    t.same(errors, ['prometheus: <img src=x onerror="document.title=1"> query timed out'], 'errors are listed, as text');
    t.equal(await page.locator('img').count(), 0, 'no markup from the data');
    t.equal(await page.title(), 'Parsec telemetry');
    t.equal(await page.getAttribute('[data-testid="value-nodes"]', 'data-value'), '2', 'nodes reporting');
    t.equal(await page.textContent('[data-testid="cache-unavailable"]'), 'Statistics unavailable: redis');
    t.equal(await page.textContent('[data-testid="value-cache.size_bytes"]'), '3.0 MiB');
    t.equal(await page.getAttribute('[data-testid="value-cache.by_backend.redis"]', 'data-value'), '0', 'a row per backend when there are several');
    t.equal(await page.locator('[data-testid="by-aspect-empty"]').count(), 1, 'no aspects: said so');
    t.equal(await page.locator('[data-testid="window-empty"]').count(), 1, 'no window: said so');
    t.equal((await shownBars(page, 'by-pattern')).length, 12, 'at most 12 bars');
    t.equal(await page.textContent('[data-testid="by-pattern"] .more'), '… and 3 more');
    t.equal(await page.locator('[data-testid="value-presence.channels"]').count(), 0, 'an omitted field is not shown as 0');
    t.equal(await page.textContent('[data-testid="updated"]'), 'snapshot at 14:00:00');
    await screenshot(page, 'dashboard-errors.png');

    for (const [m, re] of [
      ['500', /^Stale since \d\d:\d\d:\d\d — last error: HTTP 500: snapshot failed \(1 failed poll,/],
      ['text', /last error: the response is not JSON/],
      ['not-snapshot', /last error: the response is not a parsec snapshot/],
      ['hang', /last error: no answer within 1 s/],
    ] as const) {
      mode = m;
      await bannerSays(re);
      t.pass(`${m}: ${re.source}`);
      t.equal(await page.getAttribute('[data-testid="status"]', 'data-state'), 'stale');
    }
    mode = 'ok';
    await banner.waitFor({ state: 'hidden', ...WAIT });
    t.equal(await page.getAttribute('[data-testid="status"]', 'data-state'), 'live', 'recovers once polls succeed again');
    for (const res of hung) res.destroy();
    await page.close();
  });
}
