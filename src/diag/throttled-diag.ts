import { diag } from '@opentelemetry/api';
import { DiagSite } from './diag-site.ts';

/** Options of {@link ThrottledDiag}. */
export interface ThrottledDiagOptions {
  /** Minimum time between two messages with the same key, in milliseconds. Default 60 000. */
  intervalMs?: number;
  /** Monotonic clock in milliseconds. Default `performance.now`. */
  clock?: () => number;
  /** Most keys remembered; the oldest is forgotten beyond it. Default 1 000. */
  maxKeys?: number;
}

/**
 * Run-time diagnostics through OTel `diag`, at most once per key per
 * interval: a callback that fails on every sample logs once a minute, not
 * once a second. Memory is bounded by `maxKeys`.
 */
export class ThrottledDiag {
  private readonly _intervalMs: number;
  private readonly _clock: () => number;
  private readonly _maxKeys: number;
  private readonly _last = new Map<string, number>();

  constructor(options: ThrottledDiagOptions = {}) {
    this._intervalMs = options.intervalMs ?? 60_000;
    this._clock = options.clock ?? (() => performance.now());
    this._maxKeys = options.maxKeys ?? 1_000;
  }

  /**
   * Logs `message` as a warning unless the same key logged within the
   * interval; a function is called only when it logs, so a dropped
   * diagnostic builds nothing. Returns whether it logged.
   */
  warn(key: string, message: string | (() => string)): boolean {
    const now = this._clock();
    const last = this._last.get(key);
    if (last !== undefined && now - last < this._intervalMs) return false;
    this._last.delete(key);
    if (this._last.size >= this._maxKeys) {
      const oldest = this._last.keys().next().value as string;
      this._last.delete(oldest);
    }
    this._last.set(key, now);
    diag.warn(`parsec-telemetry: ${typeof message === 'function' ? message() : message}`);
    return true;
  }

  /** A diagnostic of its own with this interval and clock, for a hot path (see src/diag/diag-site.ts). */
  site(): DiagSite {
    return new DiagSite(this._intervalMs, this._clock);
  }
}

/** Process-wide throttle for bad input dropped by the recorders. */
export const recorderDiag = new ThrottledDiag();
