import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What a test needs of a tap test here: a teardown. */
interface Teardown {
  teardown(fn: () => unknown): void;
}

/** A redis-server started by a test on an ephemeral loopback port, killed at teardown. */
export interface RedisServer {
  readonly port: number;
  /** `redis://127.0.0.1:PORT`. */
  readonly url: string;
  /** Stops the server (SIGKILL: nothing is saved) and waits for it to exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port, with empty data and fresh statistics. */
  start(): Promise<void>;
  /** Freezes the server (SIGSTOP): connections stay open, nothing is answered. */
  pause(): void;
  /** Lets a paused server run again (SIGCONT). */
  resume(): void;
}

/** Startup longer than this is a failure (a bound, not a wait). */
const STARTUP_LIMIT_MS = 10_000;

/** A port free on 127.0.0.1 right now: bind port 0, read it, close. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Starts `redis-server` (the path `requireProgram` found) on a free loopback
 * port with no persistence, a temp dir, and the given extra arguments
 * (default: `--maxmemory 2mb --maxmemory-policy allkeys-lru`).
 */
export async function startRedisServer(
  t: Teardown,
  program: string,
  extraArgs: readonly string[] = ['--maxmemory', '2mb', '--maxmemory-policy', 'allkeys-lru'],
): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'parsec-redis-'));
  let child: ChildProcess | undefined;
  let port = 0;

  async function launch(): Promise<void> {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', '--logfile', '', ...extraArgs];
    const proc = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const limit = setTimeout(() => reject(new Error(`redis-server not ready within ${STARTUP_LIMIT_MS} ms:\n${output}`)), STARTUP_LIMIT_MS);
      const onData = (chunk: Buffer): void => {
        output += chunk.toString();
        if (/Ready to accept connections/.test(output)) {
          clearTimeout(limit);
          resolve();
        }
      };
      proc.stdout?.on('data', onData);
      proc.stderr?.on('data', onData);
      proc.once('exit', (code) => {
        clearTimeout(limit);
        reject(new Error(`redis-server exited with code ${code} before it was ready:\n${output}`));
      });
      proc.once('error', reject);
    });
  }

  async function stop(): Promise<void> {
    const proc = child;
    child = undefined;
    if (proc === undefined || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGKILL');
    await exited;
  }

  t.teardown(async () => {
    await stop();
    rmSync(dir, { recursive: true, force: true });
  });

  // Another process may take the free port before redis-server binds it: try a few.
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    try {
      await launch();
      break;
    } catch (err) {
      await stop();
      if (attempt === 3 || !/Address already in use/.test((err as Error).message)) throw err;
    }
  }
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop,
    start: launch,
    pause: () => void child?.kill('SIGSTOP'),
    resume: () => void child?.kill('SIGCONT'),
  };
}
