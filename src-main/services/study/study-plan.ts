import { createHash } from 'node:crypto';
import type { StartRunParams, TemplateInfo } from '../../../src-shared/api/contract';
import type { DatasetRef } from '../../../src-shared/api/run';
import type { TrainConfigInput } from '../../../src-shared/config/schema';
import type { ModelSpec } from '../../../src-shared/network/types';
import { ablateDropout, STUDY_VARIANTS, VARIANT_LABELS, type StudyOptions, type StudyVariant } from '../../../src-shared/study';
import { ApiError } from '../api-service-types';

/** Everything needed to queue every run of a study, and the key that identifies it. */
export interface StudyPlan {
  key: string;
  name: string;
  template: TemplateInfo;
  options: StudyOptions;
  dataset: DatasetRef;
  epochs: number;
  variants: Record<StudyVariant, { spec: ModelSpec; config: TrainConfigInput }>;
}

/** JSON with object keys sorted, so equal content gives equal text. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Plans the study of `template` against its dropout ablation. The key hashes what decides the results
 * (network, training config, data, options), so the same template and options find the same study.
 */
export function planStudy(template: TemplateInfo, options: StudyOptions): StudyPlan {
  const ablation = ablateDropout(template.spec, template.config);
  if (ablation.removedNodes.length === 0 && !ablation.removedMaxNorm) {
    throw new ApiError(
      'bad-request',
      `template "${template.id}": it has no dropout node and no max-norm, so its ablation would be the same network; add a dropout node (kind "dropout") to study it`,
    );
  }
  const epochs = options.epochs ?? template.config.epochs ?? 10;
  const trainLimit = options.trainLimit ?? template.dataset.trainLimit;
  const testLimit = options.testLimit ?? template.dataset.testLimit;
  const limits = { ...(trainLimit ? { trainLimit } : {}), ...(testLimit ? { testLimit } : {}) };
  const dataset: DatasetRef = { name: template.dataset.name, ...limits };
  const normalised: StudyOptions = { seeds: options.seeds, epochs, ...limits };
  const key = createHash('sha256')
    .update(stableJson({ spec: template.spec, config: template.config, dataset, options: normalised }))
    .digest('hex')
    .slice(0, 16);
  const subset = trainLimit ? `, ${trainLimit} training examples` : '';
  return {
    key,
    name: `${template.name}: dropout vs none, ${options.seeds} seed${options.seeds === 1 ? '' : 's'}, ${epochs} epoch${epochs === 1 ? '' : 's'}${subset}`,
    template,
    options: normalised,
    dataset,
    epochs,
    variants: {
      dropout: { spec: template.spec, config: { ...template.config, epochs } },
      noDropout: { spec: ablation.spec, config: { ...ablation.config, epochs } },
    },
  };
}

/** The run request of one slot: the variant's network and config with the slot's seed. */
export function slotRunParams(plan: StudyPlan, studyId: string, variant: StudyVariant, seed: number): StartRunParams {
  const { spec, config } = plan.variants[variant];
  return {
    spec,
    config: { ...config, seed },
    dataset: plan.dataset,
    name: `${plan.template.name} · ${VARIANT_LABELS[variant]} · seed ${seed}`,
    experimentId: studyId,
    tags: ['study', variant],
  };
}

/** Slots in queue order: both variants of seed 1, then of seed 2, …, so pairs complete together. */
export function studySlots(seeds: number): { variant: StudyVariant; seed: number }[] {
  const slots: { variant: StudyVariant; seed: number }[] = [];
  for (let seed = 1; seed <= seeds; seed++) for (const variant of STUDY_VARIANTS) slots.push({ variant, seed });
  return slots;
}
