import t, { type Test } from 'tap';
import { Script } from 'node:vm';
import { createTelemetry } from '../../src/index.ts';
import { APP_CSS } from '../../src/dashboard/assets/app-css.ts';
import { appScript } from '../../src/dashboard/app-script.ts';
import {
  createDashboardRoutes,
  DASHBOARD_CSP,
  DASHBOARD_PATH,
  matchesEtag,
  PAGE_CACHE_CONTROL,
  VERSIONED_ASSET_CACHE_CONTROL,
} from '../../src/dashboard/dashboard-routes.ts';
import { listen } from '../../src/http/listen.ts';
import { createRouter } from '../../src/http/router.ts';
import { fetchText, type Reply } from '../helpers/http.ts';

/** The script the server serves, linked from src/dashboard/app/. */
const APP_JS = appScript();

async function started(t: Test, options: Parameters<typeof createTelemetry>[0] = {}) {
  const telemetry = createTelemetry({ sampleIntervalMs: 0, env: {}, ...options });
  t.teardown(() => telemetry.shutdown());
  const server = await telemetry.listen({ port: 0 });
  return { telemetry, url: server.url };
}

function checkSecurityHeaders(t: Test, reply: Reply, what: string): void {
  t.equal(reply.headers['content-security-policy'], DASHBOARD_CSP, `${what}: CSP`);
  t.equal(reply.headers['x-content-type-options'], 'nosniff', `${what}: nosniff`);
  t.equal(reply.headers['referrer-policy'], 'no-referrer', `${what}: referrer policy`);
  t.equal(reply.headers['x-frame-options'], 'DENY', `${what}: no framing`);
}

/** The script and stylesheet URLs the page names, resolved against the page's URL. */
function assetUrls(pageUrl: string, html: string): { css: string; js: string } {
  const css = /<link rel="stylesheet" href="([^"]+)">/.exec(html)?.[1];
  const js = /<script src="([^"]+)" defer><\/script>/.exec(html)?.[1];
  if (css === undefined || js === undefined) throw new Error('the page names no stylesheet or script');
  return { css: new URL(css, pageUrl).href, js: new URL(js, pageUrl).href };
}

t.test('the CSP holds every directive the dashboard promises, and nothing looser', async (t) => {
  for (const directive of [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "connect-src 'self'",
    "img-src 'self' data:",
    "frame-ancestors 'none'",
  ]) {
    t.ok(DASHBOARD_CSP.split('; ').includes(directive), directive);
  }
  t.notMatch(DASHBOARD_CSP, /unsafe|\*|https?:/, 'no unsafe-inline, unsafe-eval, wildcard or remote origin');
});

t.test('GET /parsec/dashboard: a self-contained HTML page with strict headers', async (t) => {
  const { url } = await started(t);
  const page = await fetchText(`${url}${DASHBOARD_PATH}`);
  t.equal(page.status, 200);
  t.equal(page.headers['content-type'], 'text/html; charset=utf-8');
  t.equal(page.headers['cache-control'], PAGE_CACHE_CONTROL);
  t.match(page.headers.etag, /^"[\w-]{16}"$/);
  t.equal(Number(page.headers['content-length']), Buffer.byteLength(page.body));
  checkSecurityHeaders(t, page, 'page');

  t.match(page.body, /^<!doctype html>/);
  t.notMatch(page.body, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script');
  t.notMatch(page.body, /<style|\sstyle=/, 'no inline style');
  t.notMatch(page.body, /\son[a-z]+=/i, 'no inline event handler');
  t.notMatch(page.body, /(src|href)="(https?:)?\/\//, 'nothing from another origin (no CDN, no web font)');
  for (const id of ['cards', 'stale-banner', 'token-form', 'token-input', 'status']) {
    t.match(page.body, `data-testid="${id}"`, `has ${id}`);
  }

  const { css, js } = assetUrls(`${url}${DASHBOARD_PATH}`, page.body);
  t.equal(new URL(css).pathname, `${DASHBOARD_PATH}/app.css`);
  t.equal(new URL(js).pathname, `${DASHBOARD_PATH}/app.js`);
});

t.test('the script and stylesheet: content types, bodies, caching by content hash', async (t) => {
  const { url } = await started(t);
  const page = await fetchText(`${url}${DASHBOARD_PATH}`);
  const { css, js } = assetUrls(`${url}${DASHBOARD_PATH}`, page.body);
  for (const [assetUrl, type, body] of [
    [js, 'text/javascript; charset=utf-8', APP_JS],
    [css, 'text/css; charset=utf-8', APP_CSS],
  ] as const) {
    const versioned = await fetchText(assetUrl);
    t.equal(versioned.status, 200, assetUrl);
    t.equal(versioned.headers['content-type'], type);
    t.equal(versioned.body, body);
    t.equal(versioned.headers['cache-control'], VERSIONED_ASSET_CACHE_CONTROL, 'the hashed URL may be cached for good');
    t.equal(versioned.headers.etag, `"${new URL(assetUrl).searchParams.get('v')}"`, 'the version is the ETag');
    checkSecurityHeaders(t, versioned, assetUrl);

    const bare = await fetchText(assetUrl.replace(/\?.*/, ''));
    t.equal(bare.body, body);
    t.equal(bare.headers['cache-control'], PAGE_CACHE_CONTROL, 'without the hash it is revalidated');
    const stale = await fetchText(assetUrl.replace(/v=[^&]*/, 'v=old'));
    t.equal(stale.headers['cache-control'], PAGE_CACHE_CONTROL, 'an old hash is revalidated');
  }
});

t.test('the script parses as a classic script and never writes markup', async (t) => {
  t.doesNotThrow(() => new Script(APP_JS, { filename: 'app.js' }));
  t.notMatch(APP_JS, /innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/, 'values reach the page as text only');
  t.notMatch(APP_JS, /setAttribute\('style'|\.style\s*=|cssText/, 'no inline style attribute (forbidden by the CSP); widths go through the CSSOM');
  t.match(APP_JS, "fetch(METRICS_URL");
  t.match(APP_JS, "const METRICS_URL = 'metrics'", 'the data URL is relative to /parsec/dashboard');
});

t.test('HEAD, 405, conditional requests', async (t) => {
  const { url } = await started(t);
  for (const path of [DASHBOARD_PATH, `${DASHBOARD_PATH}/app.js`, `${DASHBOARD_PATH}/app.css`]) {
    const get = await fetchText(`${url}${path}`);
    const head = await fetchText(`${url}${path}`, { method: 'HEAD' });
    t.equal(head.status, 200, `HEAD ${path}`);
    t.equal(head.body, '', 'no body');
    t.equal(head.headers['content-length'], get.headers['content-length'], 'same length as GET');
    t.equal(head.headers['content-type'], get.headers['content-type']);

    const post = await fetchText(`${url}${path}`, { method: 'POST' });
    t.equal(post.status, 405, `POST ${path}`);
    t.equal(post.headers.allow, 'GET, HEAD');

    const etag = String(get.headers.etag);
    for (const header of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const cached = await fetchText(`${url}${path}`, { headers: { 'if-none-match': header } });
      t.equal(cached.status, 304, `If-None-Match: ${header}`);
      t.equal(cached.body, '');
      t.equal(cached.headers.etag, etag);
      t.equal(cached.headers['content-security-policy'], DASHBOARD_CSP);
    }
    const changed = await fetchText(`${url}${path}`, { headers: { 'if-none-match': '"other"' } });
    t.equal(changed.status, 200, 'a different ETag gets the body');
    t.equal(changed.body, get.body);
  }
  t.equal(matchesEtag(undefined, '"x"'), false);
});

t.test('/parsec/dashboard/ redirects to the page, keeping the query', async (t) => {
  const { url } = await started(t);
  const withQuery = await fetchText(`${url}${DASHBOARD_PATH}/?interval=500`);
  t.equal(withQuery.status, 308);
  t.equal(withQuery.headers.location, '../dashboard?interval=500');
  t.equal(new URL(String(withQuery.headers.location), `${url}${DASHBOARD_PATH}/`).pathname, DASHBOARD_PATH);
  checkSecurityHeaders(t, withQuery, 'redirect');
  const bare = await fetchText(`${url}${DASHBOARD_PATH}/`);
  t.equal(bare.status, 308);
  t.equal(bare.headers.location, '../dashboard');
  t.equal(bare.body, '');
});

t.test('the dashboard is open while the data needs the bearer token', async (t) => {
  const { url } = await started(t, { token: 'dashboard-secret' });
  const page = await fetchText(`${url}${DASHBOARD_PATH}`);
  t.equal(page.status, 200, 'the page holds no data: no token needed');
  t.notMatch(page.body, 'dashboard-secret', 'the token never reaches the page');
  for (const path of ['/app.js', '/app.css']) t.equal((await fetchText(`${url}${DASHBOARD_PATH}${path}`)).status, 200, path);
  const data = await fetchText(`${url}/parsec/metrics`);
  t.equal(data.status, 401, 'the snapshot still needs it');
  t.equal(data.headers['www-authenticate'], 'Bearer realm="parsec-telemetry"');
  const ok = await fetchText(`${url}/parsec/metrics`, { headers: { authorization: 'Bearer dashboard-secret' } });
  t.equal(ok.status, 200);
});

t.test('createDashboardRoutes() mounts on a router of your own', async (t) => {
  const routes = createDashboardRoutes();
  t.same(
    routes.map((r) => r.path),
    [DASHBOARD_PATH, `${DASHBOARD_PATH}/app.css`, `${DASHBOARD_PATH}/app.js`, `${DASHBOARD_PATH}/`],
  );
  for (const r of routes) {
    t.same(r.methods, ['GET', 'HEAD']);
    t.equal(r.protected, false);
  }
  const server = await listen(createRouter(routes), { port: 0 });
  t.teardown(() => server.close());
  const page = await fetchText(`${server.url}${DASHBOARD_PATH}`);
  t.equal(page.status, 200);
  t.equal((await fetchText(`${server.url}/parsec/metrics`)).status, 404, 'only the dashboard is mounted');
});
