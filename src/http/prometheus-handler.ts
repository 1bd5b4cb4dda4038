import type { IncomingMessage, ServerResponse } from 'node:http';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { diag } from '@opentelemetry/api';
import { PrometheusSerializer, type PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { describeError } from '../diag/describe-value.ts';
import { CompressibleBody, respondBody } from './compressible-body.ts';
import { respond } from './respond.ts';
import { clientGone } from './client-gone.ts';
import { TurnBudget } from '../timing/turn-budget.ts';

/** Content type of the Prometheus text exposition format. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Time a `/metrics` collection may take, in milliseconds. */
export const PROMETHEUS_COLLECT_TIMEOUT_MS = 10_000;

/** Responses of one batch written per turn of the event loop. */
const ANSWERS_PER_TURN = 16;

interface Waiting {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
}

/**
 * Serves a PrometheusExporter (created with `preventServerStart`) on our own
 * server. Unlike the exporter's handler, the status is set only after the
 * collection succeeded: a failed collection answers 500, not 200 with a
 * comment, and the content type carries the exposition format version.
 *
 * Requests share collections, as the aggregator's snapshots do
 * (src/aggregate/aggregator.ts): every request that arrives before a
 * collection starts (it starts on the next turn of the event loop, and not
 * before the previous one ended) is answered from it, serialised once. A
 * request whose client has gone costs nothing: it is never queued, and a
 * collection whose every client left is not run. Gzip when the client
 * accepts it (Prometheus does), compressed once per collection.
 */
export function createPrometheusHandler(exporter: PrometheusExporter): (req: IncomingMessage, res: ServerResponse) => void {
  const serializer = new PrometheusSerializer();
  let waiting: Waiting[] = [];
  let scheduled = false;

  // Never rejects: answer() turns every failure into a 500.
  const run = async (): Promise<void> => {
    const batch = waiting.filter((w) => !clientGone(w.req, w.res));
    waiting = [];
    if (batch.length > 0) await answer(batch);
    // Requests that came during the collection get the next one.
    if (waiting.length > 0) setImmediate(run);
    else scheduled = false;
  };

  const answer = async (batch: readonly Waiting[]): Promise<void> => {
    let body: CompressibleBody | undefined;
    try {
      const budget = new TurnBudget();
      const { resourceMetrics, errors } = await exporter.collect({ timeoutMillis: PROMETHEUS_COLLECT_TIMEOUT_MS });
      if (errors.length > 0) diag.warn('parsec-telemetry: /metrics collected with callback errors', ...errors);
      // A long collection is serialised in a turn of its own, as the snapshot's sections are
      // (src/aggregate/aggregator.ts): two blocks of the event loop, not one.
      await budget.check();
      let sent = 0;
      for (const { req, res } of batch) {
        if (clientGone(req, res)) continue;
        body ??= new CompressibleBody(serializer.serialize(resourceMetrics));
        await respondBody(req, res, 200, PROMETHEUS_CONTENT_TYPE, body);
        // A large batch is answered over several turns, so other requests are not held up behind it.
        if (++sent % ANSWERS_PER_TURN === 0) await nextTurn();
      }
    } catch (err) {
      diag.error(`parsec-telemetry: /metrics collection failed: ${describeError(err)}`);
      for (const { req, res } of batch) respond(req, res, 500, PROMETHEUS_CONTENT_TYPE, '# metrics collection failed\n');
    }
  };

  return (req, res) => {
    if (clientGone(req, res)) return;
    waiting.push({ req, res });
    if (!scheduled) {
      scheduled = true;
      setImmediate(run);
    }
  };
}
