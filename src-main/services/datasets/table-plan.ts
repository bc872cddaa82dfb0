import { DatasetImportError } from './errors';
import type { ColumnInfo } from '../../engine/data/imported-meta';
import type { ColumnProfile, TableProfile } from './table-profile';
import type { TableSource } from './table-source';
import type { Task } from '../../../src-shared/api/records';
import type { ColumnRole } from '../../../src-shared/api/datasets';

/** A text column with more distinct values than this is an identifier or free text, not a category. */
export const MAX_CATEGORIES = 50;
export const MAX_CLASSES = 1000;

export interface TablePlan {
  columns: ColumnInfo[];
  featureNames: string[];
  targetIndex: number;
  task: Task;
  classNames: string[];
  /** Text of a class label → class index. */
  classIndex: Map<string, number>;
  /** Per data row: 1 if left out for a missing value. */
  dropRow: Uint8Array | null;
  droppedRows: number;
  keptRows: number;
}

export interface PlanOptions {
  target?: string;
  task?: Task;
  dropMissing?: boolean;
  /** Columns made numeric, categorical or left out by hand, by name. */
  roles?: Record<string, ColumnRole>;
}

/** Decides what each column becomes (numeric feature, one-hot categories, target, ignored) and which rows stay. */
export function planTable(source: TableSource, profile: TableProfile, options: PlanOptions): TablePlan {
  const { columns } = profile;
  const headerWhere = source.unit === 'line' && profile.hasHeader ? 'line 1 (the header)' : null;
  if (profile.rows === 0) throw new DatasetImportError(source.file, headerWhere, 'no data rows: the file holds only a header');
  if (columns.length < 2) throw new DatasetImportError(source.file, headerWhere, `only ${columns.length} column; a table needs at least one input column and a target column`);

  const targetIndex = options.target === undefined ? columns.length - 1 : columns.findIndex((c) => c.name === options.target);
  if (targetIndex < 0) {
    throw new DatasetImportError(
      source.file,
      headerWhere,
      `no column "${options.target}"; the columns are ${columns.map((c) => `"${c.name}"`).join(', ')}`,
    );
  }
  const target = columns[targetIndex];
  const task = options.task ?? (target.text > 0 ? 'classification' : 'regression');

  const roles = options.roles ?? {};
  for (const name of Object.keys(roles)) {
    if (!columns.some((c) => c.name === name)) throw new DatasetImportError(source.file, headerWhere, `a role for "${name}", but there is no such column; the columns are ${columns.map((c) => `"${c.name}"`).join(', ')}`);
    if (name === target.name) throw new DatasetImportError(source.file, headerWhere, `"${name}" is the target; choose another target before giving it a role`);
  }

  const infos: ColumnInfo[] = [];
  const featureNames: string[] = [];
  columns.forEach((column, j) => {
    if (j === targetIndex) {
      checkTarget(source, column, j, task);
      infos.push({ name: column.name, kind: 'target', missing: column.missing });
      return;
    }
    const role = roles[column.name];
    const info = role ? planFeatureAs(source, column, j, role) : planFeature(source, column, j, profile.rows);
    if (info.kind === 'numeric') {
      info.featureStart = featureNames.length;
      featureNames.push(column.name);
    } else if (info.kind === 'categorical') {
      info.featureStart = featureNames.length;
      for (const category of info.categories!) featureNames.push(`${column.name}=${category}`);
    }
    infos.push(info);
  });
  if (featureNames.length === 0) {
    throw new DatasetImportError(source.file, headerWhere, `no usable input column besides the target "${target.name}": ${describeIgnored(infos)}`);
  }

  const classNames = task === 'classification' ? sortedLabels(target) : [];
  if (task === 'classification' && classNames.length < 2) {
    throw new DatasetImportError(
      source.file,
      `column ${targetIndex + 1} "${target.name}"`,
      `the target holds ${classNames.length === 0 ? 'no class' : 'a single class'}; a classifier needs at least two (for a numeric target use --task regression)`,
    );
  }
  const classIndex = new Map(classNames.map((name, index) => [name, index]));
  const { dropRow, droppedRows } = rowsToDrop(source, profile, infos, options.dropMissing ?? false);
  if (droppedRows === profile.rows) throw new DatasetImportError(source.file, null, `every one of the ${profile.rows} rows has a missing value; nothing is left to import`);
  return { columns: infos, featureNames, targetIndex, task, classNames, classIndex, dropRow, droppedRows, keptRows: profile.rows - droppedRows };
}

function where(source: TableSource, position: number, column: ColumnProfile, index: number): string {
  return `${source.unit} ${position}, column ${index + 1} "${column.name}"`;
}

function checkTarget(source: TableSource, column: ColumnProfile, index: number, task: Task): void {
  if (task === 'regression' && column.text > 0) {
    const first = column.firstText!;
    const detail = column.numeric > column.text
      ? `"${first.value}" is not a number, but the regression target "${column.name}" holds numbers (${column.numeric} of them)`
      : `the target "${column.name}" holds text ("${first.value}"), so it cannot be a regression target; use --task classification`;
    throw new DatasetImportError(source.file, where(source, first.position, column, index), detail);
  }
  if (task === 'classification' && column.values === null) {
    throw new DatasetImportError(source.file, null, `the target "${column.name}" has more than ${MAX_CLASSES} distinct values; too many classes (for a numeric target use --task regression)`);
  }
}

function planFeature(source: TableSource, column: ColumnProfile, index: number, rows: number): ColumnInfo {
  const base = { name: column.name, missing: column.missing };
  if (column.text === 0) {
    return column.numeric === 0 ? { ...base, kind: 'ignored', reason: 'every value is missing' } : { ...base, kind: 'numeric' };
  }
  if (column.numeric > column.text) {
    const first = column.firstText!;
    throw new DatasetImportError(
      source.file,
      where(source, first.position, column, index),
      `"${first.value}" is not a number, but the column holds numbers (${column.numeric} of its values); fix the value or mark it missing (empty or NA)`,
    );
  }
  const distinct = column.values?.size ?? Infinity;
  if (distinct > MAX_CATEGORIES || (rows >= 20 && distinct > rows / 2)) {
    const count = column.values ? `${distinct}` : `more than ${distinct === Infinity ? 1000 : distinct}`;
    return { ...base, kind: 'ignored', reason: `text with ${count} distinct values (an identifier or free text, not a category)` };
  }
  return { ...base, kind: 'categorical', categories: [...column.values!.keys()].sort() };
}

/** A column as the user chose: left out, numbers (every value must be one), or categories (at most MAX_CATEGORIES). */
function planFeatureAs(source: TableSource, column: ColumnProfile, index: number, role: ColumnRole): ColumnInfo {
  const base = { name: column.name, missing: column.missing };
  if (role === 'ignored') return { ...base, kind: 'ignored', reason: 'left out by hand' };
  if (role === 'numeric') {
    if (column.text > 0) {
      const first = column.firstText!;
      throw new DatasetImportError(source.file, where(source, first.position, column, index), `"${first.value}" is not a number, so "${column.name}" cannot be numeric; make it categorical or leave it out`);
    }
    if (column.numeric === 0) throw new DatasetImportError(source.file, `column ${index + 1} "${column.name}"`, 'every value is missing, so it cannot be numeric; leave it out');
    return { ...base, kind: 'numeric' };
  }
  const distinct = column.values?.size ?? Infinity;
  if (distinct > MAX_CATEGORIES) {
    throw new DatasetImportError(source.file, `column ${index + 1} "${column.name}"`, `${column.values ? distinct : 'too many'} distinct values; at most ${MAX_CATEGORIES} can be one-hot categories, so leave it out`);
  }
  return { ...base, kind: 'categorical', categories: sortedLabels(column) };
}

function sortedLabels(column: ColumnProfile): string[] {
  const labels = [...column.values!.keys()];
  const numeric = labels.every((label) => label.trim() !== '' && Number.isFinite(Number(label)));
  return numeric ? labels.sort((a, b) => Number(a) - Number(b)) : labels.sort();
}

function describeIgnored(infos: ColumnInfo[]): string {
  return infos.filter((info) => info.kind === 'ignored').map((info) => `"${info.name}" left out (${info.reason})`).join('; ') || 'none';
}

function rowsToDrop(source: TableSource, profile: TableProfile, infos: ColumnInfo[], dropMissing: boolean): { dropRow: Uint8Array | null; droppedRows: number } {
  const used = infos.map((info) => info.kind !== 'ignored');
  const cells: number[] = [];
  for (let k = 0; k < profile.missingRow.length; k++) if (used[profile.missingColumn[k]]) cells.push(k);
  if (cells.length === 0) return { dropRow: null, droppedRows: 0 };

  const dropRow = new Uint8Array(profile.rows);
  for (const k of cells) dropRow[profile.missingRow[k]] = 1;
  const droppedRows = dropRow.reduce((sum, flag) => sum + flag, 0);
  if (dropMissing) return { dropRow, droppedRows };

  const describe = (k: number): string => `${source.unit} ${profile.missingPosition[k]} "${profile.columns[profile.missingColumn[k]].name}"`;
  const shown = cells.slice(0, 8).map(describe).join(', ');
  const first = cells[0];
  const firstColumn = profile.missingColumn[first];
  throw new DatasetImportError(
    source.file,
    where(source, profile.missingPosition[first], profile.columns[firstColumn], firstColumn),
    `missing value; ${cells.length} missing values in ${droppedRows} rows (${shown}${cells.length > 8 ? ', …' : ''}); ` +
      'pass --drop-missing to leave those rows out',
  );
}
