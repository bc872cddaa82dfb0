import { readFileSync } from 'node:fs';
import { ApiError } from '../../services/api-service-types';
import { resolveDataDir } from '../../services/data-dir';
import { UsageError } from '../cli-error';
import { followRun, type FollowOptions } from '../follow-run';
import { numberFlag, parseCommandArgs } from '../parse-args';
import { buildRunRequest, nameFlagsInMessage, type RunOverrides } from '../run-request';
import { openRunStore } from '../../services/open-store';

export const RUN_USAGE = `layerlab run SPEC.json [--config CONFIG.json] [--dataset mnist|spirals|blobs] [--epochs N] [--batch N]
             [--lr X] [--seed N] [--train-limit N] [--test-limit N] [--name TEXT] [--data-dir DIR] [--json] [--verbose]`;

const OPTIONS = {
  config: { type: 'string' },
  dataset: { type: 'string' },
  epochs: { type: 'string' },
  batch: { type: 'string' },
  lr: { type: 'string' },
  seed: { type: 'string' },
  'train-limit': { type: 'string' },
  'test-limit': { type: 'string' },
  name: { type: 'string' },
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
} as const;

/** `layerlab run`: trains one network in a forked trainer and keeps the run in the history. */
export async function runCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('run', argv, OPTIONS);
  if (positionals.length !== 1) throw new UsageError(`layerlab run: expected one SPEC.json, got ${positionals.length}\nusage: ${RUN_USAGE}`);
  const overrides: RunOverrides = {
    configFile: values.config,
    dataset: values.dataset,
    epochs: numberFlag('--epochs', values.epochs),
    batch: numberFlag('--batch', values.batch),
    lr: numberFlag('--lr', values.lr),
    seed: numberFlag('--seed', values.seed),
    trainLimit: numberFlag('--train-limit', values['train-limit']),
    testLimit: numberFlag('--test-limit', values['test-limit']),
    name: values.name,
  };
  const request = buildRunRequest(positionals[0], overrides);
  const store = openRunStore(resolveDataDir(values['data-dir']));
  try {
    return await followRun(store, {
      json: Boolean(values.json),
    reference: templateReference(positionals[0]),
      verbose: Boolean(values.verbose),
      start(manager) {
        try {
          return manager.start(request).runId;
        } catch (error) {
          if (error instanceof ApiError && error.code === 'bad-request') {
            throw new UsageError(`${positionals[0]}: this run cannot start:\n${nameFlagsInMessage(error.message, overrides)}`);
          }
          throw error;
        }
      },
    });
  } finally {
    store.close();
  }
}

/** The published figure of a template file, when SPEC.json is one that has it. */
function templateReference(file: string): FollowOptions['reference'] {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { reference?: FollowOptions['reference'] };
    return parsed && typeof parsed.reference === 'object' && parsed.reference !== null ? parsed.reference : undefined;
  } catch {
    return undefined;
  }
}
