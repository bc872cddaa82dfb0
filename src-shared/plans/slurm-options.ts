import { z } from 'zod';

/** Slurm's time formats: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS. */
const SLURM_TIME = /^(\d+|\d+:\d{1,2}|\d+:\d{1,2}:\d{1,2}|\d+-\d{1,2}(:\d{1,2}(:\d{1,2})?)?)$/;

/**
 * How a plan goes to the cluster: where the records live, what each task asks Slurm for, how a node starts
 * LayerLab. Checked alike for the CLI's flags and the API's `plans.slurm.submit` (the job script is built
 * from these fields, so none may smuggle a line into it but `setup`, which is shell by design).
 */
export const slurmOptionsSchema = z
  .object({
    /** A folder every node and the submitting machine see at the same path; the plan's records go to <sharedDir>/<planId>/. */
    sharedDir: z
      .string()
      .max(1000, 'expected a path of at most 1000 characters')
      .refine((dir) => dir.startsWith('/'), 'expected an absolute path the nodes see too (e.g. /scratch/$USER/layerlab)')
      .refine((dir) => !/\s/.test(dir), '#SBATCH lines cannot quote a path: expected one without spaces'),
    partition: z.string().regex(/^[\w.,-]+$/, 'expected a partition name (sinfo lists them), e.g. gpu or debug').optional(),
    /** Per task, in Slurm's format (minutes, HH:MM:SS, D-HH:MM). */
    time: z.string().regex(SLURM_TIME, 'expected a Slurm time limit: minutes, HH:MM:SS or D-HH:MM (e.g. 30, 02:00:00, 1-00:00)').optional(),
    cpusPerTask: z.number().int('expected a whole number of CPUs per task').positive('expected 1 or more CPUs per task').max(1024).default(1),
    /** Per task, as sbatch --mem takes it (e.g. 4G, 500M). */
    mem: z.string().regex(/^\d+[KMGT]?$/i, 'expected memory per task as sbatch --mem takes it, e.g. 4G or 500M').optional(),
    /** At most this many tasks of the plan at once (the array's %N throttle). */
    maxRunning: z.number().int('expected a whole number of tasks').positive('expected 1 or more tasks at once').optional(),
    /** More #SBATCH lines as given (the "#SBATCH" prefix is added when missing), e.g. "--account=proj42", "--gres=gpu:1". */
    sbatchLines: z
      .array(
        z
          .string()
          .max(500)
          .refine((line) => !/[\r\n]/.test(line), 'expected one line: each #SBATCH option is its own entry')
          .refine((line) => /^(#SBATCH\s+)?-/.test(line.trim()), 'expected an sbatch option such as --account=proj42 or #SBATCH --gres=gpu:1'),
      )
      .max(50)
      .default([]),
    /** Shell lines each task runs first to make LayerLab available, e.g. "module load nodejs/22; cd ~/layerlab". */
    setup: z.string().max(10_000).optional(),
    /** The command that starts LayerLab on a node; default: this machine's node and LayerLab (the same paths on the nodes). */
    layerlab: z
      .string()
      .min(1, 'expected a command, or leave it out for this machine\'s node and LayerLab')
      .max(1000)
      .refine((command) => !/[\r\n]/.test(command), 'expected one line')
      .optional(),
  })
  .strict();
export type SlurmOptions = z.infer<typeof slurmOptionsSchema>;
export type SlurmOptionsInput = z.input<typeof slurmOptionsSchema>;
