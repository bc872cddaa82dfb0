import { z } from 'zod';
import { describeZodIssues } from '../util/zod-issues';
import type { StudyOptions } from './types';

export const MAX_STUDY_SEEDS = 50;

export const studyOptionsSchema = z.object({
  seeds: z
    .number()
    .int('expected a whole number of seeds')
    .min(1, 'expected at least 1 seed (5 or more for a reliable verdict)')
    .max(MAX_STUDY_SEEDS, `expected at most ${MAX_STUDY_SEEDS} seeds`),
  epochs: z.number().int('expected a whole number of epochs').positive('expected 1 or more epochs').max(100000).optional(),
  trainLimit: z.number().int('expected a whole number of examples').positive('expected 1 or more examples').optional(),
  testLimit: z.number().int('expected a whole number of examples').positive('expected 1 or more examples').optional(),
}) satisfies z.ZodType<StudyOptions>;

export class StudyOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StudyOptionsError';
  }
}

/** Checks study options; throws StudyOptionsError naming each bad field (`options.seeds: …`). */
export function parseStudyOptions(input: unknown, where = 'options'): StudyOptions {
  const result = studyOptionsSchema.safeParse(input);
  if (result.success) return result.data;
  throw new StudyOptionsError(describeZodIssues(result.error.issues, where));
}
