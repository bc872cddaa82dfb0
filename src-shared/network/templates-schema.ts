import { z } from 'zod';
import type { TemplateInfo } from '../api/contract';
import { datasetRefSchema } from '../api/records';
import { trainConfigSchema } from '../config/schema';
import { procedureRefSchema } from '../procedures/catalog';
import { describeZodIssues } from '../util/zod-issues';
import { parseStrictly } from '../util/unknown-fields';
import { SpecError } from './analysis-types';
import { validateSpec } from './analyze';
import { modelSpecSchema } from './types';

/** A file in resources/templates: a network, how to train it, on what, and what the paper got. */
export const templateSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a template id is lower-case letters, digits and -'),
  name: z.string().min(1),
  description: z.string(),
  spec: modelSpecSchema,
  config: trainConfigSchema,
  dataset: datasetRefSchema,
  /** Absent: backprop. */
  procedure: procedureRefSchema.optional(),
  reference: z
    .object({
      source: z.string().min(1),
      result: z.string().min(1),
      testErrors: z.number().int().nonnegative().optional(),
      /** A published figure of another metric (e.g. pca/test_reconstruction_error 13.87) to show beside the user's. */
      metric: z.string().min(1).optional(),
      value: z.number().finite().optional(),
      epochs: z.number().int().positive().optional(),
    })
    .optional(),
});

export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

/** Parses a template file's JSON and validates its network; `where` names the file in messages. */
export function parseTemplate(json: unknown, where = 'template'): TemplateInfo {
  const result = parseStrictly(templateSchema, json, where, describeZodIssues);
  if (!result.ok) throw new TemplateError(result.message);
  try {
    validateSpec(result.data.spec);
  } catch (error) {
    if (error instanceof SpecError) throw new TemplateError(error.issues.map((issue) => `${where}: ${issue.message}`).join('\n'));
    throw error;
  }
  return result.data;
}
