import { describeZodIssues } from '../util/zod-issues';
import { planDefSchema, type PlanDef } from './types';

export class PlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanError';
  }
}

/** Checks a plan definition; throws PlanError naming each bad field (`plan.grid.0.path: …`). */
export function parsePlan(input: unknown, where = 'plan'): PlanDef {
  const result = planDefSchema.safeParse(input);
  if (result.success) return result.data;
  throw new PlanError(describeZodIssues(result.error.issues, where));
}
