import type { IncomingMessage, ServerResponse } from 'node:http';
import { diag } from '@opentelemetry/api';
import { describeError } from '../diag/describe-value.ts';
import { allowMethods } from './allow-methods.ts';
import { respondError } from './respond.ts';
import type { Handler } from './types.ts';

/** One route of the telemetry server. */
export interface Route {
  /** Exact path (the query string is ignored). */
  readonly path: string;
  /** Allowed methods; HEAD is answered like GET without a body. */
  readonly methods: readonly string[];
  /** Whether the bearer token (when one is set) is required. */
  readonly protected: boolean;
  readonly handler: Handler;
}

/**
 * Routes requests to plain handlers: unknown paths get 404, wrong methods
 * 405 with `Allow`, protected routes 401 with `WWW-Authenticate: Bearer`
 * when an authorizer is set and refuses. With a `pathPrefix` (`/ops`) every
 * route is served under it (`/ops/parsec/metrics`). A handler that throws answers 500
 * with a short JSON error; no stack ever reaches a response.
 */
export function createRouter(routes: readonly Route[], authorize?: (req: IncomingMessage) => boolean, pathPrefix = ''): Handler {
  const byPath = new Map(routes.map((r) => [pathPrefix + r.path, r]));
  return (req: IncomingMessage, res: ServerResponse) => {
    const path = pathOf(req.url);
    const route = path === undefined ? undefined : byPath.get(path);
    if (route === undefined) {
      respondError(req, res, 404, 'not found');
      return;
    }
    if (!allowMethods(req, res, route.methods)) return;
    if (route.protected && authorize !== undefined && !authorize(req)) {
      respondError(req, res, 401, 'unauthorized', { 'www-authenticate': 'Bearer realm="parsec-telemetry"' });
      return;
    }
    try {
      route.handler(req, res);
    } catch (err) {
      diag.error(`parsec-telemetry: handler for ${route.path} failed: ${describeError(err)}`);
      respondError(req, res, 500, 'internal error');
    }
  };
}

function pathOf(url: string | undefined): string | undefined {
  if (url === undefined || !url.startsWith('/')) return undefined;
  const q = url.search(/[?#]/);
  return q === -1 ? url : url.slice(0, q);
}
