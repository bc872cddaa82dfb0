import type { Cell } from './table-source';

const MISSING_TOKENS = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', '?', '-']);

export function isMissing(cell: Cell): boolean {
  if (cell === null || cell === undefined) return true;
  if (typeof cell === 'number') return Number.isNaN(cell);
  if (typeof cell === 'boolean') return false;
  // Every missing token is short; most cells are not, and skip the lower-casing.
  if (cell.length > 6) return false;
  return MISSING_TOKENS.has(cell.trim().toLowerCase());
}

/** The number a present cell holds, or NaN if it holds text. */
export function cellNumber(cell: Cell): number {
  if (typeof cell === 'number') return cell;
  if (typeof cell !== 'string') return Number.NaN;
  const text = cell.trim();
  // Number('') is 0 and Number('0x1f') is 31; neither is a table number.
  if (text === '' || isRadixLiteral(text)) return Number.NaN;
  return Number(text);
}

function isRadixLiteral(text: string): boolean {
  const start = text[0] === '+' || text[0] === '-' ? 1 : 0;
  if (text[start] !== '0' || text.length < start + 2) return false;
  const marker = text.charCodeAt(start + 1) | 0x20;
  return marker === 0x78 || marker === 0x6f || marker === 0x62; // x, o, b
}

/** The text a present cell stands for as a category or class label. */
export function cellText(cell: Cell): string {
  return typeof cell === 'string' ? cell.trim() : String(cell);
}
