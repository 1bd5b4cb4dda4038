/**
 * Turns an external cumulative counter (a cache's hits, Redis' INFO) into a
 * counter that starts at 0 when observation starts and never goes down:
 * the first reading is the baseline, and a reading below the previous one
 * (the source restarted or reset its statistics) starts a new run, as
 * Prometheus' `increase()` does.
 */
export class Monotonic {
  /** Increase observed since the first reading. */
  total = 0;
  private _last: number | undefined;

  update(raw: number): void {
    if (this._last !== undefined) this.total += raw >= this._last ? raw - this._last : raw;
    this._last = raw;
  }
}
