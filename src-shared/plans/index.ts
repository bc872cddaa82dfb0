export * from './types';
export { startPlanParamsSchema } from './schemas';
export { parsePlan, PlanError } from './parse';
export { applyOverrides, OverrideError, type PlanBase } from './overrides';
export { planArms, planSlots, planIdentity, normalisePlan, planName, shortPath, formatSettingValue } from './planners';
export { trialOverrides, uniformAt, sampleDim } from './random';
export { planProgress, type SlotRunState } from './progress';
export { sweepResult, sweepObjective, OBJECTIVE_LABELS, type SweepRunOutcome } from './sweep-result';
export { ABLATION_PRESETS, getAblationPreset, presetPlanDef, type AblationPreset } from './presets';
