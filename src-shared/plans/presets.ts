import type { ArmDef, PlanDefInput } from './types';

/**
 * Named ablations a researcher asks for by name: a template of resources/templates and what its two arms
 * differ in, one setting's two values (kind 'ablation') or the template against itself with every dropout
 * node bypassed (kind 'dropout', the dropout study). The CLI (`layerlab plan ablate --preset ID`) fills a
 * plan from one.
 */
export type AblationPreset = {
  id: string;
  label: string;
  description: string;
  /** A template id of resources/templates. */
  templateId: string;
  seeds: number;
} & ({ kind: 'ablation'; setting: string; a: ArmDef; b: ArmDef } | { kind: 'dropout'; setting?: never; a?: never; b?: never });

export const ABLATION_PRESETS: readonly AblationPreset[] = [
  {
    id: 'rbm-pretraining',
    kind: 'ablation',
    label: 'RBM pretraining vs random init',
    description:
      'The DBN 784-500-500-2000-10 pretrained as RBMs on all 60,000 images without labels, then fine-tuned on 1,000 labelled ones, against the same network fine-tuned on the same 1,000 from random initialisation; paired by seed.',
    templateId: 'dbn-pretraining-1000-labels',
    setting: 'procedure.pretrain',
    a: { value: true, label: 'RBM pretraining' },
    b: { value: false, label: 'random init' },
    seeds: 5,
  },
  {
    id: 'dbn-dropout-finetuning',
    kind: 'dropout',
    label: 'dropout fine-tuning vs standard fine-tuning (DBN)',
    description:
      'The DBN 784-500-500-2000-10 fine-tuned with dropout (20% of the input, 50% of h1–h3) against the same network fine-tuned without (its dropout nodes bypassed); the RBM stack is the same in both arms (the dense layers, their seeds and the batches do not depend on the dropout nodes); paired by seed.',
    templateId: 'dbn-dropout-784-500-500-2000-10',
    seeds: 3,
  },
];

export function getAblationPreset(id: string): AblationPreset | undefined {
  return ABLATION_PRESETS.find((preset) => preset.id === id);
}

/** The plan a preset asks for, with the budget given (seeds default to the preset's). */
export function presetPlanDef(preset: AblationPreset, budget: { seeds?: number; epochs?: number; trainLimit?: number; testLimit?: number }): PlanDefInput {
  const fields = { ...budget, seeds: budget.seeds ?? preset.seeds };
  if (preset.kind === 'dropout') return { kind: 'dropout', ...fields };
  return { kind: 'ablation', setting: preset.setting, a: preset.a, b: preset.b, ...fields };
}
