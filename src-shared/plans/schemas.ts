import { z } from 'zod';
import { slurmOptionsSchema } from './slurm-options';
import { planDefSchema, type StartPlanParams } from './types';

const planFields = {
  templateId: z.string().min(1, 'expected a template id').optional(),
  template: z.custom<unknown>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), 'expected a template object').optional(),
  plan: planDefSchema,
};

function oneTemplate(params: { templateId?: string; template?: unknown }, ctx: z.RefinementCtx): void {
  if ((params.templateId === undefined) === (params.template === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['templateId'], message: 'expected either templateId (a template in the templates list) or template (a template object), not both or neither' });
  }
}

/** `plans.start` / `plans.preview` params: exactly one of templateId and template, and the plan. */
export const startPlanParamsSchema = z.object(planFields).strict().superRefine(oneTemplate) satisfies z.ZodType<StartPlanParams>;

/** `plans.slurm.submit` params: the plan as for plans.start, and how it goes to the cluster. */
export const slurmSubmitParamsSchema = z
  .object({ ...planFields, slurm: slurmOptionsSchema })
  .strict()
  .superRefine(oneTemplate);

const planId = z.string().min(1, 'expected a plan id');
/** Slot keys (e.g. "g2/s1") to narrow a cancel or resubmit to; all of the plan's without. */
const slots = z.array(z.string().min(1, 'expected a slot key such as g2/s1').max(200)).min(1, 'expected at least one slot key, or leave slots out for the whole plan').max(10_000).optional();
export const slurmPlanParamsSchema = z.object({ planId }).strict();
export const slurmSlotsParamsSchema = z.object({ planId, slots }).strict();
