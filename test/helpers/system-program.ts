import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/** What {@link requireProgram} needs of a tap test: skip it (`plan(0, reason)`) or fail it. */
export interface ProgramTest {
  plan(n: number, comment?: string): void;
  fail(message: string): unknown;
}

/** Where to look: the environment (`PATH`, `CI`) to read. Defaults to `process.env`. */
export interface RequireProgramOptions {
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * The absolute path of the executable `name` found on `PATH`, or undefined.
 * An absolute `name` is checked as it is.
 */
export function findProgram(name: string, env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  const candidates = isAbsolute(name) ? [name] : (env.PATH ?? '').split(delimiter).filter((dir) => dir !== '').map((dir) => join(dir, name));
  return candidates.find(isExecutableFile);
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The path of a system program a test needs (`redis-server`, `prometheus`,
 * `chromium`), found on `PATH`. When it is missing the test is skipped with
 * a reason naming the program, except under `CI=true` where a missing
 * program is a failure (CI installs it: see `.ci/run`). Returns undefined
 * in both cases; the caller returns at once:
 *
 * ```ts
 * const redisServer = requireProgram(t, 'redis-server');
 * if (redisServer === undefined) return;
 * ```
 */
export function requireProgram(t: ProgramTest, name: string, options: RequireProgramOptions = {}): string | undefined {
  const env = options.env ?? process.env;
  const path = findProgram(name, env);
  if (path !== undefined) return path;
  if (env.CI === 'true') {
    t.fail(`${name} is required under CI=true but was not found on PATH (install it: .ci/run lists the apt packages)`);
  } else {
    t.plan(0, `${name} not found on PATH: install it to run this test (CI installs it with .ci/run)`);
  }
  return undefined;
}
