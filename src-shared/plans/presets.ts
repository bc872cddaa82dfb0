import type { ArmDef } from './types';

/**
 * Named ablations a researcher asks for by name: a template of resources/templates and the setting its two
 * arms differ in. The CLI (`layerlab plan ablate --preset ID`) and the Plans view fill an ablation from one.
 */
export interface AblationPreset {
  id: string;
  label: string;
  description: string;
  /** A template id of resources/templates. */
  templateId: string;
  setting: string;
  a: ArmDef;
  b: ArmDef;
  seeds: number;
}

export const ABLATION_PRESETS: readonly AblationPreset[] = [
  {
    id: 'rbm-pretraining',
    label: 'RBM pretraining vs random init',
    description:
      'The DBN 784-500-500-2000-10 pretrained as RBMs on all 60,000 images without labels, then fine-tuned on 1,000 labelled ones, against the same network fine-tuned on the same 1,000 from random initialisation; paired by seed.',
    templateId: 'dbn-pretraining-1000-labels',
    setting: 'procedure.pretrain',
    a: { value: true, label: 'RBM pretraining' },
    b: { value: false, label: 'random init' },
    seeds: 5,
  },
];

export function getAblationPreset(id: string): AblationPreset | undefined {
  return ABLATION_PRESETS.find((preset) => preset.id === id);
}
