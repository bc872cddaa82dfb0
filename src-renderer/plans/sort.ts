/** Sorting a results table by one column: numbers by size, text alphabetically, blanks last either way. */

export interface SortState {
  key: string;
  descending: boolean;
}

/** Clicking a header: the same column flips its direction, another column starts ascending. */
export function nextSort(current: SortState | null, key: string): SortState {
  return current?.key === key ? { key, descending: !current.descending } : { key, descending: false };
}

function blank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'number' && !Number.isFinite(value)) || value === '';
}

export function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  return text(a).localeCompare(text(b), 'en', { numeric: true });
}

/**
 * A sorted copy; rows whose value is blank (null, missing, NaN) go last in both directions, and equal
 * rows keep their order, so sorting is stable.
 */
export function sortRows<T>(rows: readonly T[], value: (row: T) => unknown, descending: boolean): T[] {
  return rows
    .map((row, index) => ({ row, index, value: value(row) }))
    .sort((x, y) => {
      const bx = blank(x.value);
      const by = blank(y.value);
      if (bx || by) return bx === by ? x.index - y.index : bx ? 1 : -1;
      const order = compareValues(x.value, y.value);
      return (descending ? -order : order) || x.index - y.index;
    })
    .map((entry) => entry.row);
}
