import { z } from 'zod';
import { planDefSchema, type StartPlanParams } from './types';

/** `plans.start` / `plans.preview` params: exactly one of templateId and template, and the plan. */
export const startPlanParamsSchema = z
  .object({
    templateId: z.string().min(1, 'expected a template id').optional(),
    template: z.custom<unknown>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), 'expected a template object').optional(),
    plan: planDefSchema,
  })
  .strict()
  .superRefine((params, ctx) => {
    if ((params.templateId === undefined) === (params.template === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['templateId'], message: 'expected either templateId (a template in the templates list) or template (a template object), not both or neither' });
    }
  }) satisfies z.ZodType<StartPlanParams>;
