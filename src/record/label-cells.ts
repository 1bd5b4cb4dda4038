import type { Attributes } from '@opentelemetry/api';
import { OVERFLOW_VALUE } from '../instruments.ts';
import { keepable, rawKey, sanitizeLabel } from './sanitize.ts';

/** A cumulative count for one attribute set, reported through an observable counter. */
export interface Cell {
  value: number;
  /** The value at the last observation (-1 before the first), see MeterRecorders.reportChangesOnly in src/record/meter-recorders.ts. */
  reported: number;
  /** The value the cell's direct reader last took (-1 before the first), see src/record/cell-handoff.ts. */
  read: number;
  /** The row of the cell's series in its direct reader (-1 before the first read), see src/reader/series-store.ts. */
  row: number;
  readonly attributes: Attributes;
}

/**
 * Cumulative cells keyed by one attribute value, capped: beyond `max`
 * distinct (sanitised) values, new values share the `_other` cell. The raw
 * lookup map is capped the same way, so a flood of distinct values costs a
 * slower path, never memory. Only labels and short strings are kept as
 * keys (see `rawKey` in src/record/sanitize.ts): a 1 MB aspect costs its
 * 128-character label, never the megabyte.
 */
export class LabelCells {
  /** Raw value as passed by the component (a string of at most 128 characters) → its cell (the hot-path lookup). */
  readonly byRaw = new Map<unknown, Cell>();
  /** Sanitised value → cell (what the observable callback reports). */
  readonly byLabel = new Map<string, Cell>();
  private readonly _key: string;
  private readonly _what: string;
  private readonly _max: number;
  private _overflow: Cell | undefined;

  constructor(key: string, what: string, max: number) {
    this._key = key;
    this._what = what;
    this._max = max;
  }

  /** The cell for a raw value, creating it (or falling back to `_other`) on first sight. */
  cellFor(raw: unknown): Cell {
    const known = this.byRaw.get(raw);
    if (known !== undefined) return known;
    const label = sanitizeLabel(this._what, raw);
    let cell = this.byLabel.get(label);
    if (cell === undefined) {
      if (this.byLabel.size >= this._max) return this.overflow();
      const kept = keepable(label);
      cell = { value: 0, reported: -1, read: -1, row: -1, attributes: Object.freeze({ [this._key]: kept }) };
      this.byLabel.set(kept, cell);
    }
    const key = this.byRaw.size < this._max ? rawKey(raw, cell.attributes[this._key] as string) : undefined;
    if (key !== undefined) this.byRaw.set(key, cell);
    return cell;
  }

  /** The shared `_other` cell. */
  overflow(): Cell {
    if (this._overflow === undefined) {
      // A component may itself have used the reserved value: share its cell.
      this._overflow = this.byLabel.get(OVERFLOW_VALUE) ?? { value: 0, reported: -1, read: -1, row: -1, attributes: Object.freeze({ [this._key]: OVERFLOW_VALUE }) };
      this.byLabel.set(OVERFLOW_VALUE, this._overflow);
    }
    return this._overflow;
  }
}
