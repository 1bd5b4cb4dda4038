import { diag } from '@opentelemetry/api';

/** Most calls a {@link DiagSite} drops without reading the clock. */
export const MAX_UNTIMED_DROPS = 1023;

/**
 * One throttled diagnostic on a hot path (a bad count passed on every
 * event): it logs at most once per interval, and a call that does not log
 * costs a decrement, not a clock read (~50 ns, ten times a good event).
 *
 * After a clock read that finds the diagnostic still throttled, the next
 * calls are dropped without reading the clock: twice as many as arrived
 * since the previous read, and fewer when that many would span more than a
 * hundredth of the interval at the rate just seen, at most
 * {@link MAX_UNTIMED_DROPS}. So calls spaced out in time each read the clock,
 * a flood reads it a few times per second, and a message due when the
 * interval ends is delayed by at most a hundredth of the interval at a
 * steady rate (by at most {@link MAX_UNTIMED_DROPS} calls when a flood
 * stops short).
 */
export class DiagSite {
  private readonly _intervalMs: number;
  private readonly _clock: () => number;
  private _loggedAt = Number.NEGATIVE_INFINITY;
  private _readAt = Number.NEGATIVE_INFINITY;
  /** Calls left to drop without reading the clock. */
  private _untimed = 0;
  /** Calls dropped untimed since the last clock read, plus one. */
  private _calls = 1;

  constructor(intervalMs: number, clock: () => number) {
    this._intervalMs = intervalMs;
    this._clock = clock;
  }

  /**
   * Logs `format(value)` as a warning unless this site logged within the
   * interval; `format` runs only when it logs. Returns whether it logged.
   */
  warn<T>(format: (value: T) => string, value: T): boolean {
    if (this._untimed > 0) {
      this._untimed--;
      return false;
    }
    return this._timed(format, value);
  }

  private _timed<T>(format: (value: T) => string, value: T): boolean {
    const now = this._clock();
    const calls = this._calls;
    const sinceRead = now - this._readAt;
    this._readAt = now;
    if (now - this._loggedAt >= this._intervalMs) {
      this._loggedAt = now;
      this._calls = 1;
      diag.warn(`parsec-telemetry: ${format(value)}`);
      return true;
    }
    const budget = this._intervalMs / 100;
    const scale = sinceRead > 0 ? Math.min(2, budget / sinceRead) : 2;
    this._untimed = Math.min(MAX_UNTIMED_DROPS, Math.floor(calls * scale));
    this._calls = this._untimed + 1;
    return false;
  }
}
