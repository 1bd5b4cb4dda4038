import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/** A plain Node HTTP handler. */
export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** TLS for `listen()`: PEM strings or Buffers. */
export interface TlsOptions {
  /** The server's certificate chain. */
  cert: string | Buffer;
  /** Its private key. */
  key: string | Buffer;
  /** CA certificates that client certificates must chain to. */
  ca?: string | Buffer;
  /**
   * Require a client certificate that chains to `ca`; a client without one
   * is refused during the handshake. Default: true when `ca` is given.
   */
  requestClientCert?: boolean;
}

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
  /** Serve HTTPS with this certificate (and, with `ca`, require client certificates). Default: plain HTTP. */
  tls?: TlsOptions;
}

/** A running telemetry server. */
export interface TelemetryServer {
  /** The underlying `node:http` server (unref()'d: call `server.ref()` to keep a process alive on it). */
  readonly server: Server;
  /** Bound host. */
  readonly host: string;
  /** Bound port. */
  readonly port: number;
  /** Base URL, e.g. `http://127.0.0.1:9464` (`https://` with TLS). */
  readonly url: string;
  /**
   * Replaces the TLS certificate (a rotated one) for the connections that
   * follow, without a restart. Throws InvalidOptionError for bad PEM, a
   * mismatched pair, or a server started without TLS.
   */
  reloadTls(tls: TlsOptions): void;
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
