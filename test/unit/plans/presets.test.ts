import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TemplateInfo } from '../../../src-shared/api/contract';
import { ABLATION_PRESETS, getAblationPreset, presetPlanDef } from '../../../src-shared/plans';
import { preparePlan, slotRunParams } from '../../../src-main/services/plans/prepare-plan';

const template = (id: string) => JSON.parse(readFileSync(new URL(`../../../resources/templates/${id}.json`, import.meta.url), 'utf8')) as TemplateInfo;

describe('ablation presets', () => {
  it('every preset names a template its plan can be prepared on', () => {
    for (const preset of ABLATION_PRESETS) {
      const prepared = preparePlan(template(preset.templateId), presetPlanDef(preset, {}));
      expect(prepared.arms).toHaveLength(2);
      expect(prepared.slots).toHaveLength(2 * preset.seeds);
    }
  });

  it('dbn-dropout-finetuning: the DBN with dropout against the same RBM stack without, paired by seed', () => {
    const preset = getAblationPreset('dbn-dropout-finetuning')!;
    const prepared = preparePlan(template(preset.templateId), presetPlanDef(preset, { seeds: 3, epochs: 12 }));
    expect(prepared.plan).toMatchObject({ kind: 'dropout', seeds: 3, epochs: 12 });
    expect(prepared.slots.map((slot) => slot.key)).toEqual(['dropout/s1', 'noDropout/s1', 'dropout/s2', 'noDropout/s2', 'dropout/s3', 'noDropout/s3']);
    const [withDropout, without] = [slotRunParams(prepared, 'p', prepared.slots[4]), slotRunParams(prepared, 'p', prepared.slots[5])];
    expect([withDropout.config.seed, without.config.seed]).toEqual([3, 3]);
    // The stack the dbn procedure pretrains is the dense layers, in order, with their ids (which seed their initial weights).
    const dense = (run: typeof withDropout) => run.spec.nodes.filter((node) => node.kind === 'dense').map((node) => [node.id, node.params]);
    expect(dense(without)).toEqual(dense(withDropout));
    expect(dense(without).map(([id]) => id)).toEqual(['h1', 'h2', 'h3', 'out']);
    expect(without.procedure).toEqual(withDropout.procedure);
    expect(withDropout.procedure).toMatchObject({ kind: 'dbn', params: { pretrainLayers: 3 } });
    expect(withDropout.spec.nodes.filter((node) => node.kind === 'dropout').map((node) => node.id)).toEqual(['drop-in', 'drop-h1', 'drop-h2', 'drop-h3']);
    expect(without.spec.nodes.some((node) => node.kind === 'dropout')).toBe(false);
    expect(without.spec.edges).toContainEqual({ from: 'flatten', to: 'h1' });
    expect(without.spec.edges).toContainEqual({ from: 'h3', to: 'out' });
    expect({ ...without.config, maxNorm: undefined }).toEqual({ ...withDropout.config, maxNorm: undefined });
  });
});
