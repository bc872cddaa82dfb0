import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SlurmOptions } from '../../../../src-shared/plans/slurm-options';

export { slurmOptionsSchema, type SlurmOptions, type SlurmOptionsInput } from '../../../../src-shared/plans/slurm-options';

/** bin/layerlab.mjs of this checkout, found upwards from this module (its source, or the CLI bundle in out/cli). */
function findBin(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, 'bin', 'layerlab.mjs'))) return join(dir, 'bin', 'layerlab.mjs');
  }
  return fileURLToPath(new URL('../../../../bin/layerlab.mjs', import.meta.url));
}

const BIN = findBin();
const shellQuote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

/** How this process would start LayerLab again: the node binary and bin/layerlab.mjs of this checkout. */
export function defaultLayerlabCommand(): string {
  return `${shellQuote(process.execPath)} ${shellQuote(BIN)}`;
}

/** The sbatch script of one job array: each task runs `layerlab plan task SUBMISSION INDEX` for its slot. */
export function jobScript(options: SlurmOptions, job: { name: string; tasks: number; submissionFile: string; logDir: string }): string {
  const extra = options.sbatchLines.map((line) => (line.trim().startsWith('#SBATCH') ? line.trim() : `#SBATCH ${line.trim()}`));
  return [
    '#!/bin/bash',
    `#SBATCH --job-name=${job.name}`,
    `#SBATCH --array=0-${job.tasks - 1}${options.maxRunning ? `%${options.maxRunning}` : ''}`,
    `#SBATCH --output=${job.logDir}/%A_%a.out`,
    `#SBATCH --cpus-per-task=${options.cpusPerTask}`,
    ...(options.partition ? [`#SBATCH --partition=${options.partition}`] : []),
    ...(options.time ? [`#SBATCH --time=${options.time}`] : []),
    ...(options.mem ? [`#SBATCH --mem=${options.mem}`] : []),
    ...extra,
    '# Written by LayerLab (layerlab plan … --slurm): one task per plan slot, each writing its run record under the plan folder.',
    ...(options.setup ? [options.setup] : []),
    `exec ${options.layerlab ?? defaultLayerlabCommand()} plan task ${shellQuote(job.submissionFile)} "$SLURM_ARRAY_TASK_ID" --threads "\${SLURM_CPUS_PER_TASK:-1}"`,
    '',
  ].join('\n');
}
