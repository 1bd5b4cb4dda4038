import { diag, DiagLogLevel } from '@opentelemetry/api';

/** Collects OTel `diag` warnings and errors for one test; the logger is removed at teardown. */
export function captureDiag(t: { teardown(fn: () => void): void }): string[] {
  const messages: string[] = [];
  const push = (m: string) => void messages.push(m);
  diag.setLogger({ error: push, warn: push, info: () => {}, debug: () => {}, verbose: () => {} }, DiagLogLevel.WARN);
  t.teardown(() => diag.disable());
  return messages;
}
