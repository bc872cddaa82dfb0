import { cellNumber, cellText, isMissing } from './cells';
import { DatasetImportError } from './errors';
import type { TablePlan } from './table-plan';
import type { TableProfile } from './table-profile';
import type { TableSource } from './table-source';

export interface EncodedTable {
  /** keptRows × featureCount, in file order. */
  x: Float32Array;
  /** Class indices or regression targets, one per kept row. */
  y: Int32Array | Float32Array;
}

/** Second pass: values into typed arrays (numbers as they are, categories one-hot, labels as class indices). */
export async function encodeTable(source: TableSource, profile: TableProfile, plan: TablePlan, onBytes?: (bytes: number) => void): Promise<EncodedTable> {
  const width = plan.featureNames.length;
  const x = new Float32Array(plan.keptRows * width);
  const y = plan.task === 'classification' ? new Int32Array(plan.keptRows) : new Float32Array(plan.keptRows);
  const numericColumns: [number, number][] = [];
  const categoricalColumns: [number, number, Map<string, number>][] = [];
  plan.columns.forEach((info, j) => {
    if (info.kind === 'numeric') numericColumns.push([j, info.featureStart!]);
    if (info.kind === 'categorical') categoricalColumns.push([j, info.featureStart!, new Map(info.categories!.map((c, k) => [c, k]))]);
  });
  const changed = (position: number): DatasetImportError =>
    new DatasetImportError(source.file, `${source.unit} ${position}`, 'the file changed while it was being imported; import it again');

  let skipHeader = profile.hasHeader && source.names === null;
  let dataRow = 0;
  let out = 0;
  await source.scan((cells, position) => {
    if (skipHeader) {
      skipHeader = false;
      return;
    }
    if (plan.dropRow?.[dataRow++]) return;
    if (out >= plan.keptRows) throw changed(position);
    const base = out * width;
    for (const [j, feature] of numericColumns) {
      const value = cellNumber(cells[j]);
      if (!Number.isFinite(value)) throw changed(position);
      x[base + feature] = value;
    }
    for (const [j, start, index] of categoricalColumns) {
      const k = index.get(cellText(cells[j]));
      if (k === undefined) throw changed(position);
      x[base + start + k] = 1;
    }
    const label = cells[plan.targetIndex];
    if (isMissing(label)) throw changed(position);
    if (plan.task === 'classification') {
      const k = plan.classIndex.get(cellText(label));
      if (k === undefined) throw changed(position);
      y[out] = k;
    } else {
      y[out] = cellNumber(label);
    }
    out++;
  }, onBytes);
  if (out !== plan.keptRows) throw changed(dataRow);
  return { x, y };
}
