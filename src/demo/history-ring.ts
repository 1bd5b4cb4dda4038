/**
 * A channel's history: the last `capacity` envelope ids, in a fixed ring
 * (pushing onto a full ring overwrites the oldest).
 */
export class HistoryRing {
  /** Most envelopes held. */
  readonly capacity: number;
  private readonly _ids: Float64Array;
  private _next = 0;
  private _length = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
    this._ids = new Float64Array(capacity);
  }

  /** Envelopes held now, at most `capacity`. */
  get length(): number {
    return this._length;
  }

  /** Appends an envelope id; returns whether the ring grew (false when it overwrote the oldest). */
  push(id: number): boolean {
    this._ids[this._next] = id;
    this._next = this._next + 1 === this.capacity ? 0 : this._next + 1;
    if (this._length === this.capacity) return false;
    this._length++;
    return true;
  }

  /** The id `back` places before the newest (0 is the newest), or `undefined` beyond what is held. */
  recent(back: number): number | undefined {
    if (back < 0 || back >= this._length) return undefined;
    const i = (this._next - 1 - back + this.capacity) % this.capacity;
    return this._ids[i];
  }
}
