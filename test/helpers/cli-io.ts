import type { CliIo } from '../../src/cli.ts';

/** A CliIo that records stdout and stderr, with a `signal()` that ends the command's wait. */
export interface RecordingIo extends CliIo {
  out: string;
  err: string;
  signal: (s: string) => void;
}

export function recordingIo(env: Record<string, string> = {}): RecordingIo {
  let signal: (s: string) => void = () => {};
  const self: RecordingIo = {
    out: '',
    err: '',
    env,
    stdout: (text) => void (self.out += text),
    stderr: (text) => void (self.err += text),
    untilSignal: () => new Promise<string>((resolve) => (signal = resolve)),
    signal: (s) => signal(s),
  };
  return self;
}
