import { readFileSync } from 'node:fs';
import type { StartRunParams } from '../../src-shared/api/contract';
import type { DatasetRef } from '../../src-shared/api/run';
import type { TrainConfigInput } from '../../src-shared/config/schema';
import { templateSchema } from '../../src-shared/network/templates-schema';
import { unknownFieldMessage } from '../../src-shared/util/closest-name';
import { UsageError } from './cli-error';

export interface RunOverrides {
  configFile?: string;
  dataset?: string;
  epochs?: number;
  batch?: number;
  lr?: number;
  seed?: number;
  trainLimit?: number;
  testLimit?: number;
  name?: string;
}

/** Which flag sets which config field, so an error about the field can name the flag. */
export const CONFIG_FLAGS: Record<string, string> = { epochs: '--epochs', batchSize: '--batch', learningRate: '--lr', seed: '--seed' };

/**
 * The run a SPEC.json asks for: a bare ModelSpec (trained on MNIST unless --dataset says otherwise) or a
 * template file {spec, config, dataset, procedure?}. --config replaces the file's config; flags override single fields.
 */
export function buildRunRequest(specFile: string, overrides: RunOverrides): StartRunParams {
  const file = readJsonFile(specFile, 'SPEC.json');
  const isTemplate = isObject(file) && 'spec' in file;
  const spec = isTemplate ? file.spec : file;
  if (isTemplate) checkTemplateFields(file, specFile);
  let config: Record<string, unknown> = isTemplate && isObject(file.config) ? { ...file.config } : {};
  let dataset: DatasetRef = isTemplate && isObject(file.dataset) ? { ...(file.dataset as unknown as DatasetRef) } : { name: 'mnist' };
  if (overrides.configFile) {
    const fromFile = readJsonFile(overrides.configFile, '--config');
    if (!isObject(fromFile)) throw new UsageError(`--config ${overrides.configFile}: expected a JSON object of training settings`);
    config = { ...fromFile };
  }
  const set = (key: string, value: unknown) => {
    if (value !== undefined) config[key] = value;
  };
  set('epochs', overrides.epochs);
  set('batchSize', overrides.batch);
  set('learningRate', overrides.lr);
  set('seed', overrides.seed);
  if (overrides.dataset) dataset = { name: overrides.dataset };
  if (overrides.trainLimit !== undefined) dataset.trainLimit = overrides.trainLimit;
  if (overrides.testLimit !== undefined) dataset.testLimit = overrides.testLimit;
  const procedure = isTemplate && file.procedure !== undefined ? { procedure: file.procedure as StartRunParams['procedure'] } : {};
  return { spec: spec as StartRunParams['spec'], config: config as TrainConfigInput, dataset, ...procedure, ...(overrides.name ? { name: overrides.name } : {}) };
}

/** A template file's own fields: none unknown (a misspelled `confg` would be dropped silently), config an object. */
function checkTemplateFields(file: Record<string, unknown>, specFile: string): void {
  const known = Object.keys(templateSchema.shape);
  const problems = Object.keys(file)
    .filter((key) => !known.includes(key))
    .map((key) => `${specFile}: ${unknownFieldMessage(key, known)}`);
  if (file.config !== undefined && !isObject(file.config)) {
    problems.push(`${specFile}: config: expected an object of training settings like {"epochs": 10}, got ${Array.isArray(file.config) ? 'an array' : typeof file.config}`);
  }
  if (file.dataset !== undefined && !isObject(file.dataset)) problems.push(`${specFile}: dataset: expected an object like {"name": "mnist"}`);
  if (problems.length > 0) throw new UsageError(problems.join('\n'));
}

/** Rewrites `config.learningRate: …` as `--lr (config.learningRate): …` for the fields a flag set. */
export function nameFlagsInMessage(message: string, overrides: RunOverrides): string {
  const given: Record<string, unknown> = { epochs: overrides.epochs, batchSize: overrides.batch, learningRate: overrides.lr, seed: overrides.seed };
  let result = message;
  for (const [field, flag] of Object.entries(CONFIG_FLAGS)) {
    if (given[field] !== undefined) result = result.replaceAll(`config.${field}:`, `${flag} (config.${field}):`);
  }
  if (overrides.trainLimit !== undefined) result = result.replaceAll('dataset.trainLimit:', '--train-limit (dataset.trainLimit):');
  return result;
}

function readJsonFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : (error as Error).message;
    throw new UsageError(`${what} ${path}: cannot read it (${reason})`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${what} ${path}: not valid JSON (${(error as Error).message})`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
