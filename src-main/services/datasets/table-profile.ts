import { float32Blocks, uint16Blocks, type BlockArray } from './block-array';
import { cellNumber, cellText, isMissing } from './cells';
import { DatasetImportError } from './errors';
import type { Cell, TableSource } from './table-source';

/** Distinct values remembered per column; a column with more is numeric or left out, never one-hot. */
export const MAX_TRACKED_VALUES = 1000;

export interface ColumnProfile {
  name: string;
  numeric: number;
  text: number;
  missing: number;
  firstText: { position: number; value: string } | null;
  /** Distinct present values (as text), each with its id in order of first appearance; null once more than MAX_TRACKED_VALUES were seen. */
  values: Map<string, number> | null;
  /** Per data row: the cell's number as float32, NaN for text or missing. */
  numbers: BlockArray<Float32Array>;
  /** Per data row: the id of the cell's value in `values` (0xffff when missing); null with `values`. */
  valueIds: BlockArray<Uint16Array> | null;
}

export interface TableProfile {
  columns: ColumnProfile[];
  hasHeader: boolean;
  /** Data rows (the header excluded). */
  rows: number;
  /** Position (line or record) of each data row is not kept; these are the missing cells, as data-row index and column. */
  missingRow: number[];
  missingColumn: number[];
  missingPosition: number[];
}

/**
 * The one pass over the file: header, column types, categories, missing cells, and each cell kept as a
 * number and a value id, so encoding needs no second parse; checks that every row has the header's width.
 */
export async function profileTable(
  source: TableSource,
  options: { header?: boolean; onBytes?: (bytes: number) => void },
): Promise<TableProfile> {
  let columns: ColumnProfile[] | null = source.names ? source.names.map(newColumn) : null;
  let hasHeader = source.names !== null;
  let headerPosition = 0;
  let rows = 0;
  const missingRow: number[] = [];
  const missingColumn: number[] = [];
  const missingPosition: number[] = [];

  await source.scan((cells, position) => {
    if (!columns) {
      hasHeader = options.header ?? looksLikeHeader(cells);
      columns = hasHeader ? cells.map((cell, j) => newColumn(cellText(cell) || `column ${j + 1}`)) : cells.map((_, j) => newColumn(`column ${j + 1}`));
      headerPosition = position;
      if (hasHeader) {
        checkUniqueNames(source, columns, position);
        return;
      }
    }
    if (cells.length !== columns.length) {
      const reference = hasHeader ? `the header (line ${headerPosition}) has ${columns.length}` : `the first row (line ${headerPosition}) has ${columns.length}`;
      throw new DatasetImportError(source.file, `line ${position}`, `ragged row: ${cells.length} fields, but ${reference}; every row needs the same number of fields`);
    }
    for (let j = 0; j < cells.length; j++) {
      const cell = cells[j];
      const column = columns[j];
      if (isMissing(cell)) {
        column.missing++;
        missingRow.push(rows);
        missingColumn.push(j);
        missingPosition.push(position);
        continue;
      }
      const number = cellNumber(cell);
      if (number === Infinity || number === -Infinity) {
        throw new DatasetImportError(source.file, `${source.unit} ${position}, column ${j + 1} "${column.name}"`, 'an infinite number; every value must be finite (or missing: empty or NA)');
      }
      if (Number.isFinite(number)) {
        column.numeric++;
        column.numbers.set(rows, number);
      } else {
        column.text++;
        column.firstText ??= { position, value: cellText(cell) };
      }
      if (column.values) recordValue(column, cellText(cell), rows);
    }
    rows++;
  }, options.onBytes);
  if (!columns) throw new DatasetImportError(source.file, null, 'the file holds no rows');
  return { columns, hasHeader, rows, missingRow, missingColumn, missingPosition };
}

/** Two columns of one name could not be told apart as a target, a feature or in a saved network's inputs. */
function checkUniqueNames(source: TableSource, columns: ColumnProfile[], position: number): void {
  const first = new Map<string, number>();
  columns.forEach((column, j) => {
    const earlier = first.get(column.name);
    if (earlier !== undefined) {
      throw new DatasetImportError(
        source.file,
        `${source.unit} ${position} (the header)`,
        `columns ${earlier + 1} and ${j + 1} are both named "${column.name}"; give every column its own name`,
      );
    }
    first.set(column.name, j);
  });
}

function newColumn(name: string): ColumnProfile {
  return { name, numeric: 0, text: 0, missing: 0, firstText: null, values: new Map(), numbers: float32Blocks(), valueIds: uint16Blocks() };
}

function recordValue(column: ColumnProfile, text: string, row: number): void {
  const values = column.values!;
  let id = values.get(text);
  if (id === undefined) {
    if (values.size >= MAX_TRACKED_VALUES) {
      column.values = null;
      column.valueIds = null;
      return;
    }
    id = values.size;
    values.set(text, id);
  }
  column.valueIds!.set(row, id);
}

/** A first row is a header when none of its fields is a number and none is empty. */
function looksLikeHeader(cells: Cell[]): boolean {
  return cells.every((cell) => !isMissing(cell) && !Number.isFinite(cellNumber(cell)));
}
