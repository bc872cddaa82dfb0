import { trainConfigSchema, type TrainConfig } from './schema';
import { describeZodIssues } from '../util/zod-issues';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Parses a user's training config, filling defaults; throws ConfigError naming every bad field. */
export function parseTrainConfig(input: unknown, where = 'config'): TrainConfig {
  const result = trainConfigSchema.safeParse(input ?? {});
  if (result.success) return result.data;
  throw new ConfigError(describeZodIssues(result.error.issues, where));
}
