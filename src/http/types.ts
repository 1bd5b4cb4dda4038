import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/** A plain Node HTTP handler. */
export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** Options of `telemetry.listen()`. */
export interface ListenOptions {
  /** Interface to bind. Default `127.0.0.1` (loopback only). */
  host?: string;
  /** TCP port; 0 picks a free one. Default 9464. */
  port?: number;
  /** Time a client has to send a request's headers, in milliseconds. Default 10 000. */
  headersTimeoutMs?: number;
  /** Time a client has to send a whole request, in milliseconds (≥ headersTimeoutMs). Default 15 000. */
  requestTimeoutMs?: number;
  /** Time an idle keep-alive connection is kept, in milliseconds. Default 5 000. */
  keepAliveTimeoutMs?: number;
}

/** A running telemetry server. */
export interface TelemetryServer {
  /** The underlying `node:http` server (unref()'d: call `server.ref()` to keep a process alive on it). */
  readonly server: Server;
  /** Bound host. */
  readonly host: string;
  /** Bound port. */
  readonly port: number;
  /** Base URL, e.g. `http://127.0.0.1:9464`. */
  readonly url: string;
  /** Stops accepting connections and closes the open ones. Idempotent. */
  close(): Promise<void>;
}

/** What `GET /healthz` reports. */
export interface HealthStatus {
  /** `ok` while the reader samples; `stalled` or `shutdown` otherwise (503). */
  status: 'ok' | 'stalled' | 'shutdown';
  /** Seconds since the telemetry started. */
  uptime_s: number;
  /** Seconds since the reader's last sample. */
  since_last_sample_s: number;
}
