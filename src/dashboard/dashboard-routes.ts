import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Route } from '../http/router.ts';
import type { Handler } from '../http/types.ts';
import { writeResponse } from '../http/write-response.ts';
import { APP_CSS } from './assets/app-css.ts';
import { pageHtml } from './assets/page-html.ts';
import { appScript } from './app-script.ts';

/** Path of the dashboard page. */
export const DASHBOARD_PATH = '/parsec/dashboard';

/**
 * Content-Security-Policy of every dashboard response: the page may load
 * only its own script and stylesheet and talk only to its own origin; no
 * inline script or style, no framing, no form posts, no `<base>`.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Cache policy of the page: revalidate every time (it is small, and names the current assets). */
export const PAGE_CACHE_CONTROL = 'no-cache';

/** Cache policy of an asset requested with its current content hash (`?v=…`). */
export const VERSIONED_ASSET_CACHE_CONTROL = 'public, max-age=31536000, immutable';

interface Asset {
  readonly type: string;
  readonly body: Buffer;
  readonly etag: string;
  /** The `v` query value that marks a request for exactly this content (undefined for the page). */
  readonly version: string | undefined;
}

function asset(type: string, text: string, versioned: boolean): Asset {
  const body = Buffer.from(text, 'utf8');
  const hash = createHash('sha256').update(body).digest('base64url').slice(0, 16);
  return Object.freeze({ type, body, etag: `"${hash}"`, version: versioned ? hash : undefined });
}

interface Assets {
  readonly page: Asset;
  readonly css: Asset;
  readonly js: Asset;
}

let built: Assets | undefined;

/** The page and its assets, built at the first request (the script is linked then: src/dashboard/app-script.ts) and kept. */
function assets(): Assets {
  if (built === undefined) {
    const css = asset('text/css; charset=utf-8', APP_CSS, true);
    const js = asset('text/javascript; charset=utf-8', appScript(), true);
    // Relative URLs: from /parsec/dashboard they resolve to /parsec/dashboard/app.*, under any path prefix.
    const page = asset('text/html; charset=utf-8', pageHtml(`dashboard/app.css?v=${css.version}`, `dashboard/app.js?v=${js.version}`), false);
    built = { page, css, js };
  }
  return built;
}

/**
 * The dashboard's routes, for `createRouter`: the page at
 * `/parsec/dashboard`, its script and stylesheet under it, and a redirect
 * from `/parsec/dashboard/`. None is protected (they hold no data); the page
 * asks for the bearer token when `/parsec/metrics` answers 401.
 */
export function createDashboardRoutes(): Route[] {
  return [
    route(DASHBOARD_PATH, assetHandler('page')),
    route(`${DASHBOARD_PATH}/app.css`, assetHandler('css')),
    route(`${DASHBOARD_PATH}/app.js`, assetHandler('js')),
    route(`${DASHBOARD_PATH}/`, redirectHandler),
  ];
}

function route(path: string, handler: Handler): Route {
  return { path, methods: ['GET', 'HEAD'], protected: false, handler };
}

function securityHeaders(): Record<string, string> {
  return {
    'content-security-policy': DASHBOARD_CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-resource-policy': 'same-origin',
  };
}

function assetHandler(which: keyof Assets): Handler {
  return (req: IncomingMessage, res: ServerResponse) => {
    const a = assets()[which];
    const versioned = a.version !== undefined && queryParam(req.url, 'v') === a.version;
    const headers: Record<string, string | number> = {
      'content-type': a.type,
      'cache-control': versioned ? VERSIONED_ASSET_CACHE_CONTROL : PAGE_CACHE_CONTROL,
      etag: a.etag,
      ...securityHeaders(),
    };
    if (matchesEtag(req.headers['if-none-match'], a.etag)) {
      writeResponse(req, res, 304, headers);
      return;
    }
    writeResponse(req, res, 200, { ...headers, 'content-length': a.body.length }, a.body);
  };
}

/** `/parsec/dashboard/` → `/parsec/dashboard` (relative, so a path prefix survives), keeping the query. */
function redirectHandler(req: IncomingMessage, res: ServerResponse): void {
  const url = String(req.url);
  const q = url.indexOf('?');
  const location = `../dashboard${q === -1 ? '' : url.slice(q)}`;
  writeResponse(req, res, 308, { location, 'content-length': 0, 'cache-control': PAGE_CACHE_CONTROL, ...securityHeaders() });
}

/** Whether an `If-None-Match` header names `etag` (weak or strong) or is `*`. */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}

function queryParam(url: string | undefined, name: string): string | null {
  return new URL(String(url), 'http://localhost').searchParams.get(name);
}
