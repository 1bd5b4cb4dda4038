import type { Attributes } from '@opentelemetry/api';
import type { SeriesTable } from './series-table.ts';

/**
 * The rows of one table in the order of their groups (the values of one
 * attribute key), for a grouped question asked at every snapshot: the
 * groups, their order and which rows fall in each change only when rows are
 * added or removed (SeriesTable.groupPlan keeps a plan until then), so each
 * question after the first is a weighted sum per row and nothing else.
 */
export interface GroupPlan {
  /** The groups in code-unit order, each once (frozen: answers share it). */
  readonly keys: readonly string[];
  /** The rows, in the order of their groups (the rows of one group in the table's order). */
  readonly rows: Int32Array;
  /** Per entry of {@link rows}, the index of its group in {@link keys}. */
  readonly slots: Int32Array;
}

/** Makes the plan of `table`'s rows under `groupOf`: a row's group, or undefined for a row left out. */
export function planGroups(table: SeriesTable, groupOf: (seriesKey: string, attributes: Attributes) => string | undefined): GroupPlan {
  const groups: string[] = [];
  const rows: number[] = [];
  let ordered = true;
  for (const [seriesKey, row] of table.rows) {
    const group = groupOf(seriesKey, table.attributes[row] as Attributes);
    if (group === undefined) continue;
    if (ordered && groups.length > 0 && !((groups[groups.length - 1] as string) < group)) ordered = false;
    groups.push(group);
    rows.push(row);
  }
  // Series made in group order (an aspect per series, first seen in order) need no sort.
  const order = ordered ? undefined : groups.map((_, i) => i).sort((a, b) => {
    const ga = groups[a] as string;
    const gb = groups[b] as string;
    return ga < gb ? -1 : ga > gb ? 1 : a - b;
  });
  const keys: string[] = [];
  const planRows = new Int32Array(rows.length);
  const slots = new Int32Array(rows.length);
  for (let n = 0; n < rows.length; n++) {
    const i = order === undefined ? n : (order[n] as number);
    const group = groups[i] as string;
    if (keys.length === 0 || keys[keys.length - 1] !== group) keys.push(group);
    planRows[n] = rows[i] as number;
    slots[n] = keys.length - 1;
  }
  return { keys: Object.freeze(keys), rows: planRows, slots };
}
