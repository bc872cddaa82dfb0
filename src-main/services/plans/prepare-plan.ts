import { createHash } from 'node:crypto';
import type { StartRunParams, TemplateInfo } from '../../../src-shared/api/contract';
import type { DatasetRef } from '../../../src-shared/api/run';
import {
  applyOverrides,
  normalisePlan,
  OverrideError,
  parsePlan,
  planArms,
  planIdentity,
  planName,
  PlanError,
  planSlots,
  type PlanArm,
  type PlanBase,
  type PlanDef,
  type PlanSlot,
} from '../../../src-shared/plans';
import { templateSchema } from '../../../src-shared/network/templates-schema';
import { ablateDropout } from '../../../src-shared/study';
import { ApiError } from '../api-service-types';

/** Everything needed to queue every run of a plan, and the key that identifies it. */
export interface PreparedPlan {
  key: string;
  name: string;
  template: TemplateInfo;
  plan: PlanDef;
  arms: PlanArm[];
  slots: PlanSlot[];
  dataset: DatasetRef;
  /** Each arm's network, config, data and procedure (without the seed). */
  inputs: Map<string, PlanBase>;
}

/** JSON with object keys sorted, so equal content gives equal text. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const hash = (value: unknown): string => createHash('sha256').update(stableJson(value)).digest('hex').slice(0, 16);

/**
 * The plan's key: the template (network, config, data, procedure) with today's defaults filled in, and the
 * plan without seeds, trials, labels or objective. A template stored before a config field existed keys as
 * it does now, so PlanService can find its plan again by recomputing the key.
 */
export function planKey(template: TemplateInfo, plan: PlanDef): string {
  const parsed = templateSchema.safeParse(template);
  const { spec, config: fullConfig, dataset, procedure } = parsed.success ? parsed.data : template;
  const { epochs: _epochs, ...config } = fullConfig;
  // datasetImages is undefined (left out of the hash) for templates without an image transform, so their keys stay as they were.
  return hash({ spec, config, dataset: dataset.name, datasetImages: dataset.images, procedure, plan: planIdentity(plan) });
}

/** A stored plan: PlanDef JSON, or the dropout StudyOptions 0.1.0 stored (no kind). */
export function storedPlanDef(options: unknown): unknown {
  if (options && typeof options === 'object' && !('kind' in options)) return { kind: 'dropout', ...options };
  return options;
}

/**
 * Checks the plan against the template and works out its arms, slots and every arm's settings; throws
 * ApiError('bad-request') naming the plan field or setting path at fault. Nothing is stored or queued.
 */
export function preparePlan(template: TemplateInfo, input: unknown): PreparedPlan {
  let plan: PlanDef;
  let arms: PlanArm[];
  const inputs = new Map<string, PlanBase>();
  try {
    plan = normalisePlan(parsePlan(input), template);
    arms = planArms(plan);
    const dataset: DatasetRef = {
      name: template.dataset.name,
      ...(template.dataset.images ? { images: template.dataset.images } : {}),
      ...(plan.trainLimit ? { trainLimit: plan.trainLimit } : {}),
      ...(plan.testLimit ? { testLimit: plan.testLimit } : {}),
    };
    const base: PlanBase = { spec: template.spec, config: { ...template.config, epochs: plan.epochs }, dataset, procedure: template.procedure };
    for (const arm of arms) {
      const from = arm.removeDropout ? { ...base, ...ablateDropout(base.spec, base.config) } : base;
      inputs.set(arm.key, applyOverrides(from, arm.overrides));
    }
  } catch (error) {
    if (error instanceof PlanError || error instanceof OverrideError) throw new ApiError('bad-request', error.message);
    throw error;
  }
  if (plan.kind === 'dropout') {
    const ablated = ablateDropout(template.spec, template.config);
    if (ablated.removedNodes.length === 0 && !ablated.removedMaxNorm) {
      throw new ApiError(
        'bad-request',
        `template "${template.id}": it has no dropout node and no max-norm, so its ablation would be the same network; add a dropout node (kind "dropout") to study it`,
      );
    }
  }
  const dataset = inputs.get(arms[0].key)!.dataset;
  return {
    key: planKey(template, plan),
    name: planName(template.name, plan, arms),
    template,
    plan,
    arms,
    slots: planSlots(plan, arms),
    dataset,
    inputs,
  };
}

/** The run request of one slot: its arm's settings with the slot's seed, in the plan's experiment. */
export function slotRunParams(prepared: PreparedPlan, planId: string, slot: PlanSlot): StartRunParams {
  const input = prepared.inputs.get(slot.arm)!;
  const arm = prepared.arms.find((a) => a.key === slot.arm)!;
  const tags = prepared.plan.kind === 'dropout' ? ['study', arm.key] : ['plan', prepared.plan.kind, arm.key];
  return {
    spec: input.spec,
    config: { ...input.config, seed: slot.seed },
    dataset: input.dataset,
    ...(input.procedure ? { procedure: input.procedure } : {}),
    name: `${prepared.template.name} · ${arm.label} · seed ${slot.seed}`,
    experimentId: planId,
    tags,
  };
}
