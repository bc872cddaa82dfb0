import type { TemplateInfo } from '../../src-shared/api/contract';
import type { DropoutPlanDef } from '../../src-shared/plans/types';
import { checkWhole } from './plan-source';

/** A template can be studied when removing its dropout (and max-norm) changes something. */
export function isStudyable(template: TemplateInfo): boolean {
  return template.spec.nodes.some((node) => node.kind === 'dropout') || Boolean(template.config.maxNorm);
}

type Field = 'templateId' | 'seeds' | 'epochs' | 'trainLimit' | 'testLimit';

/** The dropout preset: a template against its ablation without dropout, on paired seeds 1…N. */
export class DropoutForm {
  templateId = $state('');
  seeds = $state<number | null>(3);
  epochs = $state<number | null>(null);
  trainLimit = $state<number | null>(null);
  testLimit = $state<number | null>(null);
  touched = $state(false);

  errors = $derived.by(() => {
    const out: Partial<Record<Field, string>> = {};
    if (!this.templateId) out.templateId = 'choose a template with dropout to study';
    const checks: [Field, string | null][] = [
      ['seeds', checkWhole(this.seeds, 'seeds', { max: 50 })],
      ['epochs', checkWhole(this.epochs, 'epochs', { optional: true })],
      ['trainLimit', checkWhole(this.trainLimit, 'train subset', { optional: true })],
      ['testLimit', checkWhole(this.testLimit, 'test subset', { optional: true })],
    ];
    for (const [field, message] of checks) if (message) out[field] = message;
    return out;
  });

  draft(): { templateId: string; plan: DropoutPlanDef } | null {
    this.touched = true;
    if (Object.keys(this.errors).length) return null;
    return {
      templateId: this.templateId,
      plan: {
        kind: 'dropout',
        seeds: this.seeds!,
        ...(this.epochs !== null ? { epochs: this.epochs } : {}),
        ...(this.trainLimit !== null ? { trainLimit: this.trainLimit } : {}),
        ...(this.testLimit !== null ? { testLimit: this.testLimit } : {}),
      },
    };
  }
}
