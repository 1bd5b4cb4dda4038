import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ReaderHealth } from '../reader/types.ts';
import { JSON_TYPE, respond } from './respond.ts';
import type { HealthStatus } from './types.ts';

/** Health from the reader's sampling state; `startedAt` and `now` are clock times in milliseconds. */
export function healthStatus(health: ReaderHealth, startedAt: number, now: number): HealthStatus {
  let status: HealthStatus['status'] = 'ok';
  if (health.shutdown) status = 'shutdown';
  else if (health.sinceLastSampleMs > health.stallAfterMs) status = 'stalled';
  return {
    status,
    uptime_s: Math.round((now - startedAt) / 100) / 10,
    since_last_sample_s: Math.round(health.sinceLastSampleMs / 100) / 10,
  };
}

/** `GET /healthz`: 200 while the reader samples, 503 once sampling stalled or the provider is shut down. */
export function createHealthHandler(read: () => HealthStatus): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const health = read();
    respond(req, res, health.status === 'ok' ? 200 : 503, JSON_TYPE, JSON.stringify(health));
  };
}
