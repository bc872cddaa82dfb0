import type { Cell } from './table-source';

const MISSING_TOKENS = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', '?', '-']);

export function isMissing(cell: Cell): boolean {
  if (cell === null || cell === undefined) return true;
  if (typeof cell === 'number') return Number.isNaN(cell);
  if (typeof cell === 'boolean') return false;
  return MISSING_TOKENS.has(cell.trim().toLowerCase());
}

/** The number a present cell holds, or NaN if it holds text. */
export function cellNumber(cell: Cell): number {
  if (typeof cell === 'number') return cell;
  if (typeof cell !== 'string') return Number.NaN;
  const text = cell.trim();
  // Number('') is 0 and Number('0x1f') is 31; neither is a table number.
  if (text === '' || /^[+-]?0[xob]/i.test(text)) return Number.NaN;
  return Number(text);
}

/** The text a present cell stands for as a category or class label. */
export function cellText(cell: Cell): string {
  return typeof cell === 'string' ? cell.trim() : String(cell);
}
