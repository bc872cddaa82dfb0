import { z } from 'zod';
import { describeZodIssues } from '../util/zod-issues';
import type { StudyOptions } from './types';

export const MAX_STUDY_SEEDS = 50;

export const studyOptionsSchema = z.object({
  seeds: z.number().int().min(1).max(MAX_STUDY_SEEDS),
  epochs: z.number().int().positive().max(100000).optional(),
  trainLimit: z.number().int().positive().optional(),
  testLimit: z.number().int().positive().optional(),
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
