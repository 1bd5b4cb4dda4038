// Shared helpers of the benchmark cases: statistics, the result protocol
// between a case (a child process) and bench/run.ts, the telemetry
// configurations measured, GC and heap helpers, and a keep-alive HTTP client.

import type { ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { createTelemetry } from '../src/index.ts';
import type { Telemetry, TelemetryOptions } from '../src/index.ts';

/** One measured figure of a case. */
export interface Row {
  /** Short id used by ratios and targets, e.g. `b`. */
  id: string;
  /** What was measured. */
  name: string;
  unit: string;
  median: number;
  p99?: number;
  /** Number of samples behind the median (rounds, requests, ...). */
  n?: number;
  note?: string;
}

/** A ratio between two rows (or any derived figure) measured in the same run. */
export interface Ratio {
  name: string;
  value: number;
}

/** A benchmark target, checked against a figure measured in this run. */
export interface Target {
  /** The target as the issue states it, e.g. `b ≤ 3 × d`. */
  target: string;
  /** The measured left-hand side expressed against the limit, e.g. the ratio b / d. */
  value: number;
  op: '<=' | '>=';
  limit: number;
  pass: boolean;
  /** How the value was obtained. */
  detail: string;
}

/** What a case reports back to the orchestrator (and what bench/results/<case>.json holds). */
export interface CaseResult {
  case: string;
  title: string;
  rows: Row[];
  ratios: Ratio[];
  targets: Target[];
  /** Parameters of the run (loop counts, rounds, sizes). */
  params: Record<string, unknown>;
  /** Anything else worth keeping: raw samples, counts, checks. */
  details?: Record<string, unknown>;
  durationMs?: number;
}

/** Builds a target, deciding pass or fail. */
export function target(text: string, value: number, op: '<=' | '>=', limit: number, detail: string): Target {
  return { target: text, value, op, limit, pass: op === '<=' ? value <= limit : value >= limit, detail };
}

/** Sends the result to bench/run.ts (over IPC when forked) and ends the process. */
export function report(result: CaseResult): never {
  if (process.send !== undefined) {
    process.send(result, () => process.exit(0));
    // process.exit in the callback; keep the type checker satisfied.
    return undefined as never;
  }
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  process.exit(0);
}

/** Progress lines go to stderr so they never mix with results. */
export function log(message: string): void {
  process.stderr.write(`  · ${message}\n`);
}

// ---------------------------------------------------------------- statistics

export function sorted(xs: readonly number[]): number[] {
  return [...xs].sort((a, b) => a - b);
}

/** Percentile by nearest rank (p in [0, 100]). */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = sorted(xs);
  const rank = Math.ceil((p / 100) * s.length);
  return s[Math.min(s.length - 1, Math.max(0, rank - 1))] as number;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = sorted(xs);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export function mean(xs: readonly number[]): number {
  let t = 0;
  for (const x of xs) t += x;
  return xs.length === 0 ? Number.NaN : t / xs.length;
}

/** Rounds for display and JSON: 3 significant digits below 100, integers above. */
export function fig(x: number): number {
  if (!Number.isFinite(x)) return x;
  const a = Math.abs(x);
  if (a >= 100) return Math.round(x);
  if (a >= 10) return Math.round(x * 10) / 10;
  if (a >= 1) return Math.round(x * 100) / 100;
  return Number(x.toPrecision(3));
}

// ---------------------------------------------------------------- time, GC, heap

/** Nanoseconds since an arbitrary origin, as a number. */
export function nowNs(): number {
  return Number(process.hrtime.bigint());
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Lets timers and I/O run once (the reader's sampling timer, sockets). */
export async function turn(): Promise<void> {
  await yieldToLoop();
}

/** The global gc(): cases that need it run with --expose-gc. */
export function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g === undefined) throw new Error('run with --expose-gc (bench/run.ts does)');
  g();
}

/**
 * Bytes retained: the JS heap used plus the ArrayBuffers' backing stores
 * (typed arrays live outside the heap: `heapUsed` alone would not see the
 * reader's slot columns).
 */
export function retainedBytes(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** {@link retainedBytes} after several full collections, with the event loop turned between them (finalizers, WeakMaps). */
export async function settledHeap(): Promise<number> {
  for (let i = 0; i < 4; i++) {
    gc();
    await turn();
  }
  gc();
  return retainedBytes();
}

// ---------------------------------------------------------------- telemetry configurations

/** A loopback port that nothing listens on (bound, then closed). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/**
 * The full configuration: WindowedReader (1 s sampling),
 * Prometheus exporter and an OTLP push reader registered on one provider.
 * The OTLP endpoint is a closed loopback port and the export interval an
 * hour, so nothing is ever pushed during a case; the reader still takes
 * part in every measurement as the SDK sees it.
 */
export async function fullTelemetry(extra: TelemetryOptions = {}): Promise<Telemetry> {
  const port = await closedPort();
  return createTelemetry({
    otlp: { endpoint: `http://127.0.0.1:${port}/v1/metrics`, exportIntervalMs: 3_600_000 },
    sampleIntervalMs: 1000,
    env: {},
    ...extra,
  });
}

// ---------------------------------------------------------------- HTTP client

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** GET over a keep-alive connection; resolves with the status, body size (as sent) and latency in ms. */
export function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; bytes: number; ms: number; encoding: string | undefined }> {
  const started = nowNs();
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, ms: (nowNs() - started) / 1e6, encoding: res.headers['content-encoding'] }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

export function closeClient(): void {
  agent.destroy();
}

// ---------------------------------------------------------------- child processes

/** The next message of `child` that has the property `key`; rejects when the child exits first. */
export function nextMessage(child: ChildProcess, key: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: unknown): void => {
      if (typeof m === 'object' && m !== null && key in m) {
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(m as Record<string, unknown>);
      }
    };
    const onExit = (code: number | null): void => reject(new Error(`a child process exited with ${code} while waiting for ${key}`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}
