import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEFAULT_HISTORY_RANGE, HISTORY_RANGES, isHistoryRange } from '../history/ranges.ts';
import type { HistoryRange, MetricsHistory } from '../history/types.ts';
import { CompressibleBody, respondBody } from './compressible-body.ts';
import { JSON_TYPE, respondError } from './respond.ts';
import type { Handler } from './types.ts';

/** Where the history is served, beside the snapshot. */
export const HISTORY_PATH = '/parsec/metrics/history';

/** Methods the history is served to. */
export const HISTORY_METHODS: readonly string[] = Object.freeze(['GET', 'HEAD']);

const EXPECTED = Object.keys(HISTORY_RANGES).map((r) => `"${r}"`).join(' or ');

/**
 * The range a request asks for with `?range=`: `5m` when it names none,
 * undefined for anything else than one `5m` or one `1h`.
 */
export function requestedRange(url: string | undefined): HistoryRange | undefined {
  const values = new URL(url ?? '/', 'http://localhost').searchParams.getAll('range');
  if (values.length === 0) return DEFAULT_HISTORY_RANGE;
  const value = values[0] as string;
  return values.length === 1 && isHistoryRange(value) ? value : undefined;
}

/**
 * Serves the metrics history as JSON, whatever the method (the router
 * checks methods and the token): `?range=5m` (the default) or `?range=1h`;
 * any other value, or the parameter given twice, answers 400 naming the
 * parameter. The status is set only once the history has been computed and
 * serialised; a failure answers 500 with a short JSON error. Gzip when the
 * client accepts it.
 */
export function serveHistory(history: (range: HistoryRange) => Promise<MetricsHistory>): Handler {
  return (req: IncomingMessage, res: ServerResponse) => {
    const range = requestedRange(req.url);
    if (range === undefined) {
      respondError(req, res, 400, `invalid parameter "range": expected ${EXPECTED}`);
      return;
    }
    history(range).then(
      (h) => respondBody(req, res, 200, JSON_TYPE, new CompressibleBody(JSON.stringify(h))),
      () => respondError(req, res, 500, 'history failed'),
    );
  };
}
