import type { BlockArray } from './block-array';
import type { TablePlan } from './table-plan';
import type { TableProfile } from './table-profile';

/**
 * Encodes profiled data rows for the model, from the cells the profile kept: numbers as they are,
 * categories one-hot, labels as class indices. The plan guarantees that every used cell of a kept row is present.
 */
export class RowEncoder {
  readonly width: number;
  private readonly numeric: { numbers: BlockArray<Float32Array>; feature: number }[] = [];
  private readonly categorical: { ids: BlockArray<Uint16Array>; start: number; categoryOfId: Int32Array }[] = [];
  private readonly target: { numbers: BlockArray<Float32Array>; ids: BlockArray<Uint16Array> | null; classOfId: Int32Array | null };

  constructor(profile: TableProfile, plan: TablePlan) {
    this.width = plan.featureNames.length;
    plan.columns.forEach((info, j) => {
      const column = profile.columns[j];
      if (info.kind === 'numeric') this.numeric.push({ numbers: column.numbers, feature: info.featureStart! });
      if (info.kind === 'categorical') {
        const category = new Map(info.categories!.map((c, k) => [c, k]));
        this.categorical.push({ ids: column.valueIds!, start: info.featureStart!, categoryOfId: indexById(column.values!, category) });
      }
    });
    const label = profile.columns[plan.targetIndex];
    this.target = plan.task === 'classification'
      ? { numbers: label.numbers, ids: label.valueIds!, classOfId: indexById(label.values!, plan.classIndex) }
      : { numbers: label.numbers, ids: null, classOfId: null };
  }

  /** Writes data row `row`'s features into `x` at `offset` (the `width` values there must be zero). */
  features(row: number, x: Float32Array, offset: number): void {
    for (const { numbers, feature } of this.numeric) x[offset + feature] = numbers.get(row);
    for (const { ids, start, categoryOfId } of this.categorical) x[offset + start + categoryOfId[ids.get(row)]] = 1;
  }

  /** Data row `row`'s class index or regression target. */
  label(row: number): number {
    const { numbers, ids, classOfId } = this.target;
    return classOfId ? classOfId[ids!.get(row)] : numbers.get(row);
  }
}

/** Value id (order of first appearance) → index of that value's text in `index`. */
function indexById(values: Map<string, number>, index: Map<string, number>): Int32Array {
  const byId = new Int32Array(values.size);
  for (const [text, id] of values) byId[id] = index.get(text)!;
  return byId;
}
