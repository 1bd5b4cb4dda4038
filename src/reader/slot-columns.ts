import type { Share, WindowWeights } from './timeline.ts';

/** Rows per page: storage grows a page at a time, so at most a page's rows are ever unused. */
export const PAGE_ROWS = 256;

/**
 * The ring slots of every series of one instrument for one window, in
 * Float64Array pages of {@link PAGE_ROWS} rows: row `r` (a series) holds
 * `positions` slots. A ring position holds one slot index at a time for all
 * rows; moving it to a later index clears that column, lazily, on the
 * first write to the new index, so an idle instrument costs nothing per
 * sample. Eight bytes per slot and series, no object per slot or series,
 * nothing copied when the rows grow.
 */
export class SlotColumns {
  readonly positions: number;
  /** Per position: the slot index its column holds (-1 never written). */
  readonly held: Float64Array;
  private readonly _pages: Float64Array[] = [];

  constructor(positions: number, rows: number) {
    this.positions = positions;
    this.held = new Float64Array(positions).fill(-1);
    this.grow(rows);
  }

  /** Rows there is room for. */
  get rows(): number {
    return this._pages.length * PAGE_ROWS;
  }

  /** Makes room for `rows` rows (the new ones empty). */
  grow(rows: number): void {
    while (this.rows < rows) this._pages.push(new Float64Array(PAGE_ROWS * this.positions));
  }

  /** Empties a row (a series removed, its row reused). */
  clearRow(row: number): void {
    const at = (row % PAGE_ROWS) * this.positions;
    (this._pages[Math.floor(row / PAGE_ROWS)] as Float64Array).fill(0, at, at + this.positions);
  }

  /** Adds `delta` × each share to the row's slots. */
  add(row: number, delta: number, shares: readonly Share[]): void {
    const page = this._pages[Math.floor(row / PAGE_ROWS)] as Float64Array;
    const p = this.positions;
    const base = (row % PAGE_ROWS) * p;
    for (const { index, share } of shares) {
      const pos = index % p;
      if (this.held[pos] !== index) this._rotate(pos, index);
      page[base + pos] = (page[base + pos] as number) + delta * share;
    }
  }

  /**
   * The weights to apply per position for `w`: a position counts only when
   * it holds the slot index the window reads there. Computed once per
   * question, then {@link sum} is a dot product per row.
   */
  effective(w: WindowWeights, out: Float64Array): Float64Array {
    for (let pos = 0; pos < this.positions; pos++) out[pos] = this.held[pos] === w.indexes[pos] ? (w.weights[pos] as number) : 0;
    return out;
  }

  /** The weighted sum of a row's slots, with weights from {@link effective}. */
  sum(row: number, weights: Float64Array): number {
    const page = this._pages[Math.floor(row / PAGE_ROWS)] as Float64Array;
    const p = this.positions;
    const base = (row % PAGE_ROWS) * p;
    let total = 0;
    for (let pos = 0; pos < p; pos++) {
      const w = weights[pos] as number;
      if (w !== 0) total += w * (page[base + pos] as number);
    }
    return total;
  }

  private _rotate(pos: number, index: number): void {
    const p = this.positions;
    for (const page of this._pages) for (let at = pos; at < page.length; at += p) page[at] = 0;
    this.held[pos] = index;
  }
}
