import { isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** Slurm's time formats: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS. */
const SLURM_TIME = /^(\d+|\d+:\d{1,2}|\d+:\d{1,2}:\d{1,2}|\d+-\d{1,2}(:\d{1,2}(:\d{1,2})?)?)$/;

/** How a plan goes to the cluster: where the records live, what each task asks Slurm for, how a node starts LayerLab. */
export const slurmOptionsSchema = z
  .object({
    /** A folder every node and the submitting machine see at the same path; the plan's records go to <sharedDir>/<planId>/. */
    sharedDir: z
      .string()
      .refine(isAbsolute, 'expected an absolute path the nodes see too (e.g. /scratch/$USER/layerlab)')
      .refine((dir) => !/\s/.test(dir), '#SBATCH lines cannot quote a path: expected one without spaces'),
    partition: z.string().regex(/^[\w.,-]+$/, 'expected a partition name (sinfo lists them), e.g. gpu or debug').optional(),
    /** Per task, in Slurm's format (minutes, HH:MM:SS, D-HH:MM). */
    time: z.string().regex(SLURM_TIME, 'expected a Slurm time limit: minutes, HH:MM:SS or D-HH:MM (e.g. 30, 02:00:00, 1-00:00)').optional(),
    cpusPerTask: z.number().int().positive('expected 1 or more CPUs per task').default(1),
    /** Per task, as sbatch --mem takes it (e.g. 4G, 500M). */
    mem: z.string().regex(/^\d+[KMGT]?$/i, 'expected memory per task as sbatch --mem takes it, e.g. 4G or 500M').optional(),
    /** At most this many tasks of the plan at once (the array's %N throttle). */
    maxRunning: z.number().int().positive().optional(),
    /** More #SBATCH lines as given (the "#SBATCH" prefix is added when missing), e.g. "--account=proj42", "--gres=gpu:1". */
    sbatchLines: z.array(z.string().min(1)).default([]),
    /** Shell lines each task runs first to make LayerLab available, e.g. "module load nodejs/22; cd ~/layerlab". */
    setup: z.string().optional(),
    /** The command that starts LayerLab on a node; default: this machine's node and LayerLab (the same paths on the nodes). */
    layerlab: z.string().min(1).optional(),
  })
  .strict();
export type SlurmOptions = z.infer<typeof slurmOptionsSchema>;
export type SlurmOptionsInput = z.input<typeof slurmOptionsSchema>;

const BIN = fileURLToPath(new URL('../../../../bin/layerlab.mjs', import.meta.url));
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
