import { trainConfigSchema, type TrainConfig } from './schema';
import { describeZodIssues } from '../util/zod-issues';
import { parseStrictly } from '../util/unknown-fields';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Parses a user's training config, filling defaults; throws ConfigError naming every bad or unknown field. */
export function parseTrainConfig(input: unknown, where = 'config'): TrainConfig {
  if (input !== undefined && input !== null && (typeof input !== 'object' || Array.isArray(input))) {
    throw new ConfigError(`${where}: expected an object of training settings like {"epochs": 10}, got ${Array.isArray(input) ? 'an array' : typeof input}`);
  }
  const result = parseStrictly(trainConfigSchema, input ?? {}, where, describeZodIssues);
  if (result.ok) return result.data;
  throw new ConfigError(result.message);
}
