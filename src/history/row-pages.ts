/** Rows per page of values: a page is one Float64Array, grown GROWTH_ROWS rows at a time until it holds this many. */
const PAGE_SHIFT = 8;
const PAGE_ROWS = 1 << PAGE_SHIFT;
/** A few paths cost at most this many rows unused (15 KB with both ranges). */
const GROWTH_ROWS = 16;

/**
 * The values of the history's rings (src/history/history-rings.ts): rows of
 * `width` numbers each (NaN where there is no point), in pages of up to 256
 * rows, one Float64Array each, so a row costs its values and no object.
 * Rows are allocated NaN and reused once released. Per row, the elapsed
 * time of the last step it was written in.
 */
export class RowPages {
  readonly width: number;
  private readonly _pages: Float64Array[] = [];
  /** Per row, the elapsed time of the last step it was written in (NaN for a free row). */
  private readonly _lastAt: number[] = [];
  private readonly _free: number[] = [];
  private _rows = 0;
  private _size = 0;

  constructor(width: number) {
    this.width = width;
  }

  /** Rows in use. */
  get size(): number {
    return this._size;
  }

  /** The elapsed time of the last step `row` was written in. */
  lastAt(row: number): number {
    return this._lastAt[row] as number;
  }

  /** The value of `row` at `column`. */
  value(row: number, column: number): number {
    return (this._pages[row >> PAGE_SHIFT] as Float64Array)[(row & (PAGE_ROWS - 1)) * this.width + column] as number;
  }

  /** Writes `value` into `row` at each of `columns`, in the step of elapsed time `at`. */
  write(row: number, value: number, columns: readonly number[], at: number): void {
    const page = this._pages[row >> PAGE_SHIFT] as Float64Array;
    const base = (row & (PAGE_ROWS - 1)) * this.width;
    for (const column of columns) page[base + column] = value;
    this._lastAt[row] = at;
  }

  /** Sets `columns` to NaN in every row. */
  clear(columns: readonly number[]): void {
    const width = this.width;
    for (const page of this._pages) {
      for (const column of columns) {
        for (let i = column; i < page.length; i += width) page[i] = Number.NaN;
      }
    }
  }

  /** A free row, its values all NaN. */
  allocate(): number {
    this._size++;
    const reused = this._free.pop();
    const row = reused ?? this._rows++;
    const p = row >> PAGE_SHIFT;
    const width = this.width;
    const end = ((row & (PAGE_ROWS - 1)) + 1) * width;
    const page = this._pages[p];
    if (page === undefined || page.length < end) {
      // The last page grows up to PAGE_ROWS rows; new rows are NaN.
      const rows = Math.min(PAGE_ROWS, (page === undefined ? 0 : page.length / width) + GROWTH_ROWS);
      const grown = new Float64Array(rows * width).fill(Number.NaN);
      if (page !== undefined) grown.set(page);
      this._pages[p] = grown;
    } else if (reused !== undefined) {
      page.fill(Number.NaN, end - width, end);
    }
    return row;
  }

  /** Frees `row` for a later {@link allocate}. */
  release(row: number): void {
    this._size--;
    this._lastAt[row] = Number.NaN;
    this._free.push(row);
  }
}
