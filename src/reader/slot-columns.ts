import type { Share, WindowWeights } from './timeline.ts';

/** Rows per page: storage grows a page at a time, so at most a page's rows are ever unused. */
export const PAGE_ROWS = 256;
/** log2 of {@link PAGE_ROWS}: a row's page is `row >> PAGE_SHIFT`, its place in it `row & PAGE_MASK`. */
const PAGE_SHIFT = 8;
const PAGE_MASK = PAGE_ROWS - 1;

/**
 * The ring slots of every series of one instrument for one window, in
 * Float64Array pages of {@link PAGE_ROWS} rows: row `r` (a series) holds
 * `positions` slots. In each page a ring position holds one slot index at a
 * time for all its rows; moving it to a later index clears that page's
 * column, lazily, on the page's first write to the new index. So an idle
 * instrument (or page) costs nothing per sample, and a new slot is cleared
 * page by page as the sample writes it, while those rows are in the cache,
 * instead of all at once. A window reads a page's position only when it
 * holds the slot index the window asks for there. Eight bytes per slot and
 * series, no object per slot or series, nothing copied when the rows grow.
 */
export class SlotColumns {
  readonly positions: number;
  private readonly _pages: Float64Array[] = [];
  /** Per page, per position: the slot index that page's column holds (-1 never written). */
  private readonly _held: Float64Array[] = [];

  constructor(positions: number, rows: number) {
    this.positions = positions;
    this.grow(rows);
  }

  /** Rows there is room for. */
  get rows(): number {
    return this._pages.length * PAGE_ROWS;
  }

  /** Makes room for `rows` rows (the new ones empty). */
  grow(rows: number): void {
    while (this.rows < rows) {
      this._pages.push(new Float64Array(PAGE_ROWS * this.positions));
      this._held.push(new Float64Array(this.positions).fill(-1));
    }
  }

  /** Empties a row (a series removed, its row reused). */
  clearRow(row: number): void {
    const at = (row & PAGE_MASK) * this.positions;
    (this._pages[row >> PAGE_SHIFT] as Float64Array).fill(0, at, at + this.positions);
  }

  /** Adds `delta` × each share to the row's slots. */
  add(row: number, delta: number, shares: readonly Share[]): void {
    const p = row >> PAGE_SHIFT;
    const page = this._pages[p] as Float64Array;
    const held = this._held[p] as Float64Array;
    const positions = this.positions;
    const base = (row & PAGE_MASK) * positions;
    for (const { index, share } of shares) {
      const pos = index % positions;
      if (held[pos] !== index) {
        for (let at = pos; at < page.length; at += positions) page[at] = 0;
        held[pos] = index;
      }
      page[base + pos] = (page[base + pos] as number) + delta * share;
    }
  }

  /** The weighted sum of a row's slots: each position whose page holds the slot index `w` asks for there, times its weight. */
  sum(row: number, w: WindowWeights): number {
    const p = row >> PAGE_SHIFT;
    const page = this._pages[p] as Float64Array;
    const held = this._held[p] as Float64Array;
    const base = (row & PAGE_MASK) * this.positions;
    let total = 0;
    for (let pos = 0; pos < this.positions; pos++) {
      const weight = w.weights[pos] as number;
      if (weight !== 0 && held[pos] === w.indexes[pos]) total += weight * (page[base + pos] as number);
    }
    return total;
  }

  /**
   * {@link sum} of many rows at once, each added to `out` at its slot:
   * `out[slots[i]] += sum(rows[i], w)`. The positions each page reads are
   * found once per page, not once per row.
   */
  sumInto(rows: Int32Array, slots: Int32Array, w: WindowWeights, out: Float64Array): void {
    const positions = this.positions;
    /** Per page, once it is needed: the positions read and their weights, side by side. */
    const read: ({ at: number[]; weights: number[] } | undefined)[] = [];
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as number;
      const p = row >> PAGE_SHIFT;
      let r = read[p];
      if (r === undefined) {
        r = this._read(p, w);
        read[p] = r;
      }
      const page = this._pages[p] as Float64Array;
      const base = (row & PAGE_MASK) * positions;
      const { at, weights } = r;
      let total = 0;
      for (let j = 0; j < at.length; j++) total += (weights[j] as number) * (page[base + (at[j] as number)] as number);
      const slot = slots[i] as number;
      out[slot] = (out[slot] as number) + total;
    }
  }

  /** The positions page `p` reads for `w`, and their weights (the order of {@link sum}). */
  private _read(p: number, w: WindowWeights): { at: number[]; weights: number[] } {
    const held = this._held[p] as Float64Array;
    const at: number[] = [];
    const weights: number[] = [];
    for (let pos = 0; pos < this.positions; pos++) {
      const weight = w.weights[pos] as number;
      if (weight !== 0 && held[pos] === w.indexes[pos]) {
        at.push(pos);
        weights.push(weight);
      }
    }
    return { at, weights };
  }
}
