import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { PlanDefInput } from '../../../src-shared/plans';
import { defaultTemplatesDir } from '../../services/templates';
import { UsageError } from '../cli-error';
import { numberFlag, parseCommandArgs } from '../parse-args';

export const COMMITTEE_USAGE = `layerlab plan committee (TEMPLATE.json | --template ID) --columns K [--width-norm W1,W2,…] [--epochs N] [--train-limit N] [--test-limit N]
                           [--parallel K] [--data-dir DIR] [--json]
         K columns of the template per preprocessing (seeds 1..K): the data as the template has it, and each
         --width-norm width (the digits' bounding box scaled to W px, Cireşan 2012); test probabilities averaged`;

export const COMMITTEE_OPTIONS = {
  template: { type: 'string' },
  columns: { type: 'string' },
  'width-norm': { type: 'string' },
  epochs: { type: 'string' },
  'train-limit': { type: 'string' },
  'test-limit': { type: 'string' },
  parallel: { type: 'string' },
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** "10,12,14" → [10, 12, 14]; each a whole number of pixels. */
export function parseWidths(text: string): number[] {
  return text.split(',').map((part) => {
    const width = Number(part.trim());
    if (part.trim() === '' || !Number.isInteger(width) || width < 1) throw new UsageError(`--width-norm: expected whole widths in pixels separated by commas (e.g. 10,12,14,16,18,20), got "${part.trim()}"`);
    return width;
  });
}

/** `layerlab plan committee`'s plan and the template file it runs. */
export function committeePlan(argv: readonly string[]) {
  const { values, positionals } = parseCommandArgs('plan committee', argv, COMMITTEE_OPTIONS);
  if (values.columns === undefined) throw new UsageError(`layerlab plan committee: --columns K is required (e.g. 5)\nusage: ${COMMITTEE_USAGE}`);
  if (values.template !== undefined && positionals.length > 0) throw new UsageError('layerlab plan committee: give a TEMPLATE.json or --template ID, not both');
  let files = positionals;
  if (values.template !== undefined) {
    const file = join(defaultTemplatesDir(), `${values.template}.json`);
    if (!existsSync(file)) throw new UsageError(`--template: no template "${values.template}" in ${defaultTemplatesDir()}; give its id (e.g. lenet5) or a TEMPLATE.json path`);
    files = [file];
  }
  const widths = values['width-norm'] !== undefined ? parseWidths(values['width-norm']) : [];
  const plan = {
    kind: 'committee',
    columns: numberFlag('--columns', values.columns),
    preprocessings: [{}, ...widths.map((widthNorm) => ({ widthNorm }))],
    ...(values.epochs !== undefined ? { epochs: numberFlag('--epochs', values.epochs) } : {}),
    ...(values['train-limit'] !== undefined ? { trainLimit: numberFlag('--train-limit', values['train-limit']) } : {}),
    ...(values['test-limit'] !== undefined ? { testLimit: numberFlag('--test-limit', values['test-limit']) } : {}),
  } as PlanDefInput;
  return { values, positionals: files, plan };
}
