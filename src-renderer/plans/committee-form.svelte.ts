import type { PlanDefInput } from '../../src-shared/plans/types';
import { checkWhole } from './plan-source';

type Field = 'columns' | 'widths' | 'epochs' | 'trainLimit' | 'testLimit';

/** "10, 12, 14" → [10, 12, 14]; a message naming the bad entry otherwise. */
export function parseWidthList(text: string): number[] | string {
  if (text.trim() === '') return [];
  const widths: number[] = [];
  for (const part of text.split(',')) {
    const width = Number(part.trim());
    if (part.trim() === '' || !Number.isInteger(width) || width < 1) return `widths: "${part.trim()}" is not a whole number of pixels; e.g. 10, 12, 14, 16, 18, 20`;
    if (widths.includes(width)) return `widths: ${width} is listed twice`;
    widths.push(width);
  }
  return widths;
}

/** The committee launch form: columns per preprocessing, the width normalisations besides the original data, the budget. */
export class CommitteeForm {
  columns = $state<number | null>(5);
  widths = $state('');
  epochs = $state<number | null>(null);
  trainLimit = $state<number | null>(null);
  testLimit = $state<number | null>(null);
  touched = $state(false);

  readonly errors = $derived.by(() => {
    const out: Partial<Record<Field, string>> = {};
    const columns = checkWhole(this.columns, 'columns', { max: 100 });
    if (columns) out.columns = columns;
    const widths = parseWidthList(this.widths);
    if (typeof widths === 'string') out.widths = widths;
    for (const [field, value] of [['epochs', this.epochs], ['trainLimit', this.trainLimit], ['testLimit', this.testLimit]] as const) {
      const problem = checkWhole(value, field === 'epochs' ? 'epochs' : field === 'trainLimit' ? 'train subset' : 'test subset', { optional: true });
      if (problem) out[field] = problem;
    }
    return out;
  });

  get runs(): number {
    const widths = parseWidthList(this.widths);
    return (this.columns ?? 0) * (1 + (typeof widths === 'string' ? 0 : widths.length));
  }

  /** The plan, or null (and the errors shown) when a field is wrong. */
  draft(): PlanDefInput | null {
    this.touched = true;
    return this.peek();
  }

  peek(): PlanDefInput | null {
    if (Object.keys(this.errors).length > 0) return null;
    const widths = parseWidthList(this.widths) as number[];
    return {
      kind: 'committee',
      columns: this.columns!,
      preprocessings: [{}, ...widths.map((widthNorm) => ({ widthNorm }))],
      ...(this.epochs !== null ? { epochs: this.epochs } : {}),
      ...(this.trainLimit !== null ? { trainLimit: this.trainLimit } : {}),
      ...(this.testLimit !== null ? { testLimit: this.testLimit } : {}),
    };
  }
}
