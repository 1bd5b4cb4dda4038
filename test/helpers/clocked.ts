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

/**
 * @param wallStartMs when given, the wall clock (`wallClock`: the snapshot's `at`, the history's timestamps)
 *   reads `wallStartMs` plus the injected clock, so it moves with it
 */
export function clocked(options: TelemetryOptions = {}, wallStartMs?: number): Clocked {
  let now = 0;
  const wallClock = wallStartMs === undefined ? {} : { wallClock: () => wallStartMs + now };
  const telemetry = createTelemetry({ clock: () => now, sampleIntervalMs: 0, ...wallClock, ...options });
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
        await new Promise((resolve) => setImmediate(resolve)); // the history records the sample on the next turn
      }
    },
  };
}
