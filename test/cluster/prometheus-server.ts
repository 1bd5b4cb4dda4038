import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What the fixture needs of a tap test: a teardown. */
interface Teardown {
  teardown(fn: () => unknown): void;
}

/** A real Prometheus server started by a test on an ephemeral loopback port, killed at teardown. */
export interface PrometheusServer {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** Runs one instant query straight against the HTTP API (for checks beside the source under test). */
  query(expr: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  /** What the server logged so far (for failure messages). */
  output(): string;
}

/** How the generated config scrapes the targets. */
export interface ScrapeOptions {
  /** Scrape over HTTPS, trusting `ca`, and present `client` when given (`tls_config`). */
  https?: { ca: string; client?: { cert: string; key: string } };
  /** Rule files to load (`rule_files:`), evaluated every scrape interval. */
  ruleFiles?: readonly string[];
}

/** Readiness longer than this is a failure (a bound, not a wait). */
const STARTUP_LIMIT_MS = 15_000;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Starts `prometheus` (the path `requireProgram` found) on a free loopback
 * port with a temporary storage dir and a generated config that scrapes
 * `targets` (`host:port`) every `scrapeIntervalS` seconds under job `parsec`.
 * Resolves once `/-/ready` answers 200.
 */
export async function startPrometheus(
  t: Teardown,
  program: string,
  targets: readonly string[],
  scrapeIntervalS = 1,
  scrape: ScrapeOptions = {},
): Promise<PrometheusServer> {
  const dir = mkdtempSync(join(tmpdir(), 'parsec-prometheus-'));
  const config = join(dir, 'prometheus.yml');
  const tlsLines: string[] = [];
  if (scrape.https !== undefined) {
    const file = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    tlsLines.push('    scheme: https', '    tls_config:', `      ca_file: ${file('ca.pem', scrape.https.ca)}`);
    if (scrape.https.client !== undefined) {
      tlsLines.push(`      cert_file: ${file('client.pem', scrape.https.client.cert)}`, `      key_file: ${file('client.key', scrape.https.client.key)}`);
    }
  }
  writeFileSync(
    config,
    [
      'global:',
      `  scrape_interval: ${scrapeIntervalS}s`,
      `  evaluation_interval: ${scrapeIntervalS}s`,
      ...(scrape.ruleFiles === undefined ? [] : ['rule_files:', ...scrape.ruleFiles.map((f) => `  - ${JSON.stringify(f)}`)]),
      'scrape_configs:',
      '  - job_name: parsec',
      ...tlsLines,
      '    static_configs:',
      `      - targets: [${targets.map((x) => `'${x}'`).join(', ')}]`,
      '',
    ].join('\n'),
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const child: ChildProcess = spawn(
    program,
    [`--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-8_192);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  t.teardown(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });
  const deadline = performance.now() + STARTUP_LIMIT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus exited with code ${child.exitCode} before it was ready:\n${output}`);
    const ready = await fetch(`${url}/-/ready`).then((r) => r.status === 200, () => false);
    if (ready) break;
    if (performance.now() > deadline) throw new Error(`prometheus not ready within ${STARTUP_LIMIT_MS} ms:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url,
    output: () => output,
    async query(expr) {
      const res = await fetch(`${url}/api/v1/query`, { method: 'POST', body: new URLSearchParams({ query: expr }) });
      const body = (await res.json()) as { data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
      return body.data.result;
    },
  };
}
