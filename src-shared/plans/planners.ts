import { describeImageTransform, imageTransformKey } from '../data/image-transforms';
import { PlanError } from './parse';
import { trialOverrides } from './random';
import { MAX_PLAN_SLOTS, type CommitteePlanDef, type PlanArm, type PlanDef, type PlanSlot, type SettingOverride, type SweepPlanDef } from './types';

/** `config.learningRate` → `learningRate`, `node.h1.units` → `h1.units`, `dataset.trainLimit` → `trainLimit`. */
export function shortPath(path: string): string {
  return path.replace(/^(config|node|dataset)\./, '');
}

/** A setting's value in a label: null → "off", strings bare, the rest as compact JSON. */
export function formatSettingValue(value: unknown): string {
  if (value === null) return 'off';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

const describe = (overrides: readonly SettingOverride[]): string =>
  overrides.map((o) => `${shortPath(o.path)}=${formatSettingValue(o.value)}`).join(' ');

function cartesian(grid: SweepPlanDef['grid']): SettingOverride[][] {
  let points: SettingOverride[][] = [[]];
  for (const axis of grid) points = points.flatMap((point) => axis.values.map((value) => [...point, { path: axis.path, value }]));
  return points;
}

/** How many seeds each arm runs: a committee's columns per preprocessing, else the plan's seeds. */
export function planSeedCount(plan: PlanDef): number {
  return plan.kind === 'committee' ? plan.columns : plan.seeds;
}

/** One arm per preprocessing, keyed 'orig', 'w20', …; its settings are the transform's fields as dataset.images.<field>. */
function committeeArms(plan: CommitteePlanDef): PlanArm[] {
  const arms: PlanArm[] = [];
  plan.preprocessings.forEach((preprocessing, i) => {
    const key = imageTransformKey(preprocessing);
    const first = arms.findIndex((arm) => arm.key === key);
    if (first >= 0) throw new PlanError(`plan.preprocessings.${i}: the same as preprocessings.${first} (${describeImageTransform(preprocessing)}); list each preprocessing once`);
    const overrides = Object.entries(preprocessing).map(([field, value]) => ({ path: `dataset.images.${field}`, value }));
    arms.push({ key, label: describeImageTransform(preprocessing), overrides });
  });
  return arms;
}

/**
 * The plan's arms: groups of slots with the same settings. Dropout: the template and its ablation; ablation:
 * 'a' and 'b'; sweep: the grid's points 'g1'.. (the last axis varying fastest), then random trials 'r1'..;
 * committee: one per preprocessing.
 */
export function planArms(plan: PlanDef): PlanArm[] {
  let arms: PlanArm[];
  if (plan.kind === 'committee') {
    arms = committeeArms(plan);
  } else if (plan.kind === 'dropout') {
    arms = [
      { key: 'dropout', label: 'dropout', overrides: [] },
      { key: 'noDropout', label: 'no dropout', overrides: [], removeDropout: true },
    ];
  } else if (plan.kind === 'ablation') {
    if (JSON.stringify(plan.a.value) === JSON.stringify(plan.b.value)) {
      throw new PlanError(`plan.b.value: the same as a.value (${formatSettingValue(plan.a.value)}); an ablation compares two different values of ${plan.setting}`);
    }
    let a = plan.a.label ?? `${shortPath(plan.setting)} ${formatSettingValue(plan.a.value)}`;
    let b = plan.b.label ?? `${shortPath(plan.setting)} ${formatSettingValue(plan.b.value)}`;
    if (a === b) [a, b] = [`${a} (A)`, `${b} (B)`];
    arms = [
      { key: 'a', label: a, overrides: [{ path: plan.setting, value: plan.a.value }] },
      { key: 'b', label: b, overrides: [{ path: plan.setting, value: plan.b.value }] },
    ];
  } else {
    const paths = plan.grid.map((axis) => axis.path);
    const repeated = paths.find((path, i) => paths.indexOf(path) !== i);
    if (repeated) throw new PlanError(`plan.grid: ${repeated} is given twice; list all its values in one axis`);
    const grid = plan.grid.length > 0 ? cartesian(plan.grid) : [];
    arms = grid.map((overrides, i) => ({ key: `g${i + 1}`, label: describe(overrides), overrides }));
    const random = plan.random;
    if (random) {
      for (let trial = 0; trial < random.trials; trial++) {
        const overrides = trialOverrides(random, trial);
        arms.push({ key: `r${trial + 1}`, label: describe(overrides), overrides });
      }
    }
  }
  const seeds = planSeedCount(plan);
  if (arms.length * seeds > MAX_PLAN_SLOTS) {
    const what = plan.kind === 'committee' ? 'preprocessings × columns' : 'settings × seeds';
    throw new PlanError(`plan: ${arms.length} × ${seeds} ${what} = ${arms.length * seeds} runs, more than ${MAX_PLAN_SLOTS}; use fewer values, trials, seeds or columns`);
  }
  return arms;
}

/** The slots in queue order: every arm of seed 1, then of seed 2, …, so pairs (sweep rows, a committee's preprocessings) complete together. */
export function planSlots(plan: PlanDef, arms: readonly PlanArm[]): PlanSlot[] {
  const slots: PlanSlot[] = [];
  for (let seed = 1; seed <= planSeedCount(plan); seed++) for (const arm of arms) slots.push({ key: `${arm.key}/s${seed}`, arm: arm.key, seed });
  return slots;
}

/**
 * What identifies a plan: everything that decides its runs except how many seeds and random trials it has
 * (more of either later finds the same plan and reuses the runs done), and except labels and the sweep's
 * objective (they only name and rank the results).
 */
export function planIdentity(plan: PlanDef): Record<string, unknown> {
  if (plan.kind === 'committee') {
    const { columns: _columns, ...committee } = plan;
    return committee;
  }
  const { seeds: _seeds, ...rest } = plan;
  if (rest.kind === 'ablation') return { ...rest, a: { value: rest.a.value }, b: { value: rest.b.value } };
  if (rest.kind === 'sweep') {
    const { objective: _objective, random, ...sweep } = rest;
    return { ...sweep, ...(random ? { random: { seed: random.seed, space: random.space } } : {}) };
  }
  return rest;
}

/** The plan with the template's epochs and data limits filled in, so leaving them out or stating them gives the same plan. */
export function normalisePlan(plan: PlanDef, template: { config: { epochs?: number }; dataset: { trainLimit?: number; testLimit?: number } }): PlanDef {
  const epochs = plan.epochs ?? template.config.epochs ?? 10;
  const trainLimit = plan.trainLimit ?? template.dataset.trainLimit;
  const testLimit = plan.testLimit ?? template.dataset.testLimit;
  return { ...plan, epochs, ...(trainLimit ? { trainLimit } : {}), ...(testLimit ? { testLimit } : {}) };
}

/** "Spirals: config.maxNorm {"limit":3} vs off, 3 epochs, 500 training examples" (no seed or column count: it may grow). */
export function planName(templateName: string, plan: PlanDef, arms: readonly PlanArm[]): string {
  const budget = `${plan.epochs} epoch${plan.epochs === 1 ? '' : 's'}${plan.trainLimit ? `, ${plan.trainLimit} training examples` : ''}`;
  if (plan.kind === 'dropout') return `${templateName}: dropout vs none, ${budget}`;
  if (plan.kind === 'committee') return `${templateName}: committee (${arms.map((arm) => arm.label).join(', ')}), ${budget}`;
  if (plan.kind === 'ablation') return `${templateName}: ${arms[0].label} vs ${arms[1].label}, ${budget}`;
  const grid = plan.grid.map((axis) => shortPath(axis.path)).join(' × ');
  const random = plan.random ? `random ${plan.random.space.map((dim) => shortPath(dim.path)).join(', ')}` : '';
  return `${templateName}: sweep of ${[grid, random].filter(Boolean).join(' + ')}, ${budget}`;
}
