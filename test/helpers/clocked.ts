import { createTelemetry } from '../../src/index.ts';
import type { Telemetry, TelemetryOptions } from '../../src/index.ts';

/** A telemetry instance on an injected clock that only samples when told. */
export interface Clocked {
  telemetry: Telemetry;
  /** Current clock time, in milliseconds. */
  readonly now: number;
  /** Moves the clock forward by `ms`, sampling every `stepMs` (and at the end); `each` runs before each step. */
  advance(ms: number, stepMs?: number, each?: () => void): Promise<void>;
}

export function clocked(options: TelemetryOptions = {}): Clocked {
  let now = 0;
  const telemetry = createTelemetry({ clock: () => now, sampleIntervalMs: 0, ...options });
  return {
    telemetry,
    get now() {
      return now;
    },
    async advance(ms, stepMs = 1000, each) {
      const end = now + ms;
      while (now < end) {
        each?.();
        now = Math.min(end, now + stepMs);
        await telemetry.reader.sample();
      }
    },
  };
}
