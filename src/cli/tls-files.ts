import { readFileSync, statSync } from 'node:fs';
import { diag } from '@opentelemetry/api';
import { ThrottledDiag } from '../diag/throttled-diag.ts';
import { describeError } from '../diag/describe-value.ts';
import { InvalidOptionError } from '../errors/errors.ts';
import { resolveTls } from '../http/tls-context.ts';
import type { TelemetryServer, TlsOptions } from '../http/types.ts';
import { UsageError } from './usage-error.ts';

/** The TLS files of `--tls-cert`, `--tls-key` and `--tls-client-ca`. */
export interface TlsFiles {
  readonly cert: string;
  readonly key: string;
  readonly clientCa?: string;
}

const FLAGS: Record<keyof TlsFiles, string> = { cert: '--tls-cert', key: '--tls-key', clientCa: '--tls-client-ca' };

/**
 * Reads the TLS files into listen options. A file that cannot be read, PEM
 * that does not parse, or a key that is not the certificate's is a
 * UsageError naming the flag and the file.
 */
export function readTlsFiles(files: TlsFiles, command: string): TlsOptions {
  const read = (which: keyof TlsFiles): string => {
    const path = files[which] as string;
    try {
      return readFileSync(path, 'utf8');
    } catch (err) {
      throw new UsageError(`cannot read ${FLAGS[which]} ${path}: ${describeError(err)}`, { command, option: FLAGS[which] });
    }
  };
  const tls: TlsOptions = { cert: read('cert'), key: read('key') };
  if (files.clientCa !== undefined) tls.ca = read('clientCa');
  try {
    resolveTls(tls);
  } catch (err) {
    const option = (err as InvalidOptionError).option;
    const which: keyof TlsFiles = option === 'tls.key' ? 'key' : option === 'tls.ca' ? 'clientCa' : 'cert';
    throw new UsageError(`${FLAGS[which]} ${files[which] as string}: ${(err as InvalidOptionError).message}`, { command, option: FLAGS[which] });
  }
  return tls;
}

/**
 * The TLS files a command was given, or undefined without `--tls-cert`;
 * `--tls-cert` and `--tls-key` go together, and `--tls-client-ca` needs them.
 */
export function tlsFilesOf(args: { tlsCert?: string; tlsKey?: string; tlsClientCa?: string }, command: string): TlsFiles | undefined {
  if (args.tlsCert === undefined && args.tlsKey === undefined) {
    if (args.tlsClientCa !== undefined) throw new UsageError('--tls-client-ca needs --tls-cert and --tls-key', { command, option: '--tls-client-ca' });
    return undefined;
  }
  if (args.tlsCert === undefined) throw new UsageError('--tls-key needs --tls-cert', { command, option: '--tls-cert' });
  if (args.tlsKey === undefined) throw new UsageError('--tls-cert needs --tls-key', { command, option: '--tls-key' });
  return args.tlsClientCa === undefined ? { cert: args.tlsCert, key: args.tlsKey } : { cert: args.tlsCert, key: args.tlsKey, clientCa: args.tlsClientCa };
}

function stamp(files: TlsFiles): string {
  return (Object.values(files) as string[]).map((path) => {
    try {
      const s = statSync(path);
      return `${s.ino}:${s.size}:${s.mtimeMs}`;
    } catch {
      return 'missing';
    }
  }).join('|');
}

/**
 * Picks up rotated TLS files without a restart: before each new connection
 * the files' inode, size and mtime are compared with the last loaded ones,
 * and changed files are read and loaded for that connection on. A rotation
 * caught half-written (a key that does not match yet, a file missing) keeps
 * the certificate in use, logs once a minute, and is tried again on the
 * next connection.
 */
export function reloadTlsOnChange(server: TelemetryServer, files: TlsFiles, command: string): void {
  const diagnostics = new ThrottledDiag();
  let loaded = stamp(files);
  server.server.prependListener('connection', () => {
    const now = stamp(files);
    if (now === loaded) return;
    try {
      server.reloadTls(readTlsFiles(files, command));
      loaded = now;
      diag.info(`parsec-telemetry: TLS certificate reloaded from ${files.cert}`);
    } catch (err) {
      diagnostics.warn('reload-failed', () => `TLS files changed but cannot be loaded (keeping the certificate in use): ${(err as Error).message}`);
    }
  });
}
