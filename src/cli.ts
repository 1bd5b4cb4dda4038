#!/usr/bin/env node
// The parsec-telemetry command. `main()` does the work and returns the exit
// code; the last lines run it when this file is the process entry point.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { headerSecrets, installCliLogger, logLevelOf } from './cli/cli-logger.ts';
import { parseArgs } from './cli/parse-args.ts';
import { readTlsFiles, reloadTlsOnChange, tlsFilesOf, type TlsFiles } from './cli/tls-files.ts';
import { USAGE_EXIT_CODE, type UsageError } from './cli/usage-error.ts';
import type { DemoCommand, LogOptions, ServeCommand, TlsFileOptions } from './cli/types.ts';
import { PrometheusSource } from './cluster/prometheus-source.ts';
import { DASHBOARD_PATH } from './dashboard/dashboard-routes.ts';
import type { RedisCacheConnection } from './demo/connect-redis-cache.ts';
import { startDemoNode } from './demo/demo-node.ts';
import type { InvalidOptionError } from './errors/errors.ts';
import { HISTORY_PATH } from './http/history-handler.ts';
import type { TlsOptions } from './http/types.ts';
import { redactText, redactUrl } from './http/redact-url.ts';
import { createTelemetry } from './telemetry/create-telemetry.ts';
import { VERSION } from './telemetry/version.ts';

/** What the command needs from its process: streams, environment and signals. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Readonly<Record<string, string | undefined>>;
  /** Resolves with the first of SIGINT / SIGTERM. */
  untilSignal: () => Promise<string>;
}

/** Time the demo may take to shut down after a signal, in milliseconds. */
export const SHUTDOWN_TIMEOUT_MS = 5_000;

/** Runs the command line; resolves with the process exit code. */
export async function main(argv: readonly string[], given: CliIo): Promise<number> {
  // Every line printed goes through redactText: no URL password reaches the terminal or a log.
  const io: CliIo = { ...given, stdout: (text) => given.stdout(redactText(text)), stderr: (text) => given.stderr(redactText(text)) };
  let command;
  try {
    command = parseArgs(argv);
  } catch (err) {
    const usage = err as UsageError; // parseArgs throws nothing else
    io.stderr(`parsec-telemetry: ${usage.message}\n${usage.helpHint}\n`);
    return usage.exitCode;
  }
  if (command.command === 'help') {
    io.stdout(command.text);
    return 0;
  }
  if (command.command === 'version') {
    io.stdout(`parsec-telemetry ${VERSION}\n`);
    return 0;
  }
  let tls: ServerTls | undefined;
  try {
    tls = serverTls(command, command.command);
  } catch (err) {
    const usage = err as UsageError; // only usage errors: what the files say
    io.stderr(`parsec-telemetry: ${usage.message}\n`);
    return usage.exitCode;
  }
  const uninstall = logger(command, command.command === 'demo' ? command.token : undefined, io);
  if (uninstall === undefined) return USAGE_EXIT_CODE;
  try {
    return await (command.command === 'demo' ? demo(command, tls, io) : serve(command, tls, io));
  } finally {
    uninstall();
  }
}

/** The TLS files and what they hold, when the command was given some. */
interface ServerTls {
  readonly files: TlsFiles;
  readonly options: TlsOptions;
}

/** Reads `--tls-cert`, `--tls-key`, `--tls-client-ca`; throws a UsageError naming the flag and file. */
function serverTls(args: TlsFileOptions, command: string): ServerTls | undefined {
  const files = tlsFilesOf(args, command);
  return files === undefined ? undefined : { files, options: readTlsFiles(files, command) };
}

/**
 * Installs the stderr diagnostic logger (src/cli/cli-logger.ts) at
 * `--log-level`, else `OTEL_LOG_LEVEL`, else info. An invalid
 * `OTEL_LOG_LEVEL` is a usage error naming it: undefined then.
 */
function logger(args: LogOptions, token: string | undefined, io: CliIo): (() => void) | undefined {
  const fromEnv = io.env.OTEL_LOG_LEVEL;
  const level = args.logLevel ?? (fromEnv === undefined || fromEnv.trim() === '' ? 'info' : logLevelOf(fromEnv));
  if (level === undefined) {
    io.stderr(`parsec-telemetry: invalid OTEL_LOG_LEVEL ${JSON.stringify(fromEnv)}: expected none, error, warn, info, debug, verbose or all\n`);
    return undefined;
  }
  const secrets = [token ?? '', io.env.PARSEC_TELEMETRY_TOKEN?.trim() ?? '', ...headerSecrets(io.env)];
  return installCliLogger({ level, format: args.logFormat, write: io.stderr, secrets });
}

async function demo(args: DemoCommand, tls: ServerTls | undefined, io: CliIo): Promise<number> {
  let telemetry;
  try {
    telemetry = createTelemetry({
      serviceName: io.env.OTEL_SERVICE_NAME ?? 'parsec-demo',
      env: io.env,
      shutdownTimeoutMs: SHUTDOWN_TIMEOUT_MS,
      ...(args.otlp === undefined ? {} : { otlp: { endpoint: args.otlp } }),
      ...(args.token === undefined ? {} : { token: args.token }),
    });
  } catch (err) {
    // The flags are valid by now: what is left is the environment (OTEL_*, PARSEC_TELEMETRY_TOKEN).
    io.stderr(`parsec-telemetry: ${(err as InvalidOptionError).message}\n`);
    return USAGE_EXIT_CODE;
  }
  let redis: RedisCacheConnection | undefined;
  if (args.redis !== undefined) {
    try {
      // Loaded only here: the `redis` client is a devDependency, needed by --redis alone.
      const { connectRedisCache } = await import('./demo/connect-redis-cache.ts');
      redis = await connectRedisCache(args.redis, { onStatus: (message) => io.stderr(`parsec-telemetry: ${message}\n`) });
    } catch (err) {
      await telemetry.shutdown();
      io.stderr(`parsec-telemetry: ${(err as Error).message}\n`);
      return 1;
    }
  }
  const node = startDemoNode(telemetry.meter, {
    ratePerSecond: args.rate,
    ...(redis === undefined ? {} : { cache: redis.cache, cacheBackend: 'redis' }),
  });
  let server;
  try {
    server = await telemetry.listen({ host: args.host, port: args.port, ...(tls === undefined ? {} : { tls: tls.options }) });
  } catch (err) {
    node.close();
    await telemetry.shutdown();
    await redis?.close();
    io.stderr(`parsec-telemetry: cannot listen on ${args.host}:${args.port}: ${(err as Error).message}\n`);
    return 1;
  }
  server.server.ref(); // the server keeps the process alive until a signal
  if (tls !== undefined) reloadTlsOnChange(server, tls.files, args.command);
  io.stdout(
    `parsec-telemetry demo: a simulated Parsec node publishing ${args.rate} envelopes/s\n` +
      `  dashboard   ${server.url}${DASHBOARD_PATH}\n` +
      `  snapshot    ${server.url}/parsec/metrics\n` +
      `  history     ${server.url}${HISTORY_PATH}?range=5m|1h\n` +
      `  prometheus  ${server.url}/metrics\n` +
      `  health      ${server.url}/healthz\n` +
      (telemetry.otlpEndpoint === undefined ? '' : `  otlp push   ${redactUrl(telemetry.otlpEndpoint)}\n`) +
      (redis === undefined ? '' : `  cache       Redis at ${redis.url}\n`) +
      'Ctrl-C to stop.\n',
  );
  const signal = await io.untilSignal();
  io.stdout(`${signal}: shutting down\n`);
  node.close();
  await telemetry.shutdown(); // takes a last sample, INFO included: close Redis after it
  await redis?.close();
  return 0;
}

/** Whether this module is the process entry point (also through the bin's symlink; `import.meta.main` needs Node 22.18). */
function isEntryPoint(): boolean {
  return process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
}

/** Time `serve` allows the aggregator per snapshot beyond the per-query timeout, in milliseconds. */
export const SERVE_SOURCE_MARGIN_MS = 500;

async function serve(args: ServeCommand, tls: ServerTls | undefined, io: CliIo): Promise<number> {
  let telemetry;
  let source: PrometheusSource;
  try {
    source = new PrometheusSource({ url: args.prometheus });
    telemetry = createTelemetry({
      serviceName: io.env.OTEL_SERVICE_NAME ?? 'parsec-telemetry-serve',
      env: io.env,
      sources: [source],
      // The queries' own timeout must fire first, so the snapshot says which query and why.
      sourceTimeoutMs: source.options.queryTimeoutMs + SERVE_SOURCE_MARGIN_MS,
      prometheus: false,
      otlp: false,
      shutdownTimeoutMs: SHUTDOWN_TIMEOUT_MS,
    });
  } catch (err) {
    // The flags are valid by now: what is left is the URL's credentials and the environment.
    io.stderr(`parsec-telemetry: ${(err as InvalidOptionError).message}\n`);
    return USAGE_EXIT_CODE;
  }
  let server;
  try {
    server = await telemetry.listen({ host: args.host, port: args.port, ...(tls === undefined ? {} : { tls: tls.options }) });
  } catch (err) {
    await telemetry.shutdown();
    io.stderr(`parsec-telemetry: cannot listen on ${args.host}:${args.port}: ${(err as Error).message}\n`);
    return 1;
  }
  server.server.ref(); // the server keeps the process alive until a signal
  if (tls !== undefined) reloadTlsOnChange(server, tls.files, args.command);
  io.stdout(
    `parsec-telemetry serve: the cluster snapshot of the Parsec nodes in Prometheus at ${source.options.url}\n` +
      `  snapshot    ${server.url}/parsec/metrics\n` +
      `  history     ${server.url}${HISTORY_PATH}?range=5m|1h\n` +
      `  dashboard   ${server.url}${DASHBOARD_PATH}\n` +
      `  health      ${server.url}/healthz\n` +
      'Ctrl-C to stop.\n',
  );
  const signalled = io.untilSignal();
  // Say at once when Prometheus cannot be queried (the diagnostic log names a failing source); keep serving.
  await telemetry.snapshot();
  const signal = await signalled;
  io.stdout(`${signal}: shutting down\n`);
  await telemetry.shutdown();
  return 0;
}

// Run when this file is the entry point (npm start, the bin).
if (isEntryPoint()) {
  const io: CliIo = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    untilSignal: () =>
      new Promise((resolve) => {
        for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve(signal));
      }),
  };
  // Exit at once: an exporter still retrying against a dead collector must not hold the process.
  process.exit(await main(process.argv.slice(2), io));
}
