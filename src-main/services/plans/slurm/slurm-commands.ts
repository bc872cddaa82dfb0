import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export class SlurmError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SlurmError';
  }
}

const HOW_TO_GET_SLURM =
  'LayerLab sends plans to a cluster with Slurm\'s own commands: run it on a machine of the cluster (a login node), or install the Slurm client configured for it (Debian: apt-get install slurm-client, with the cluster\'s slurm.conf); for a local single-node cluster run scripts/slurm-local.sh as root';

/** Runs one Slurm command; a missing command or a refusal becomes a SlurmError saying what to do. */
async function slurm(command: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run(command, args, { maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string; code?: string | number };
    if (failure.code === 'ENOENT') throw new SlurmError(`\`${command}\` is not on PATH. ${HOW_TO_GET_SLURM}`);
    const said = (failure.stderr ?? '').trim() || failure.message;
    throw new SlurmError(`\`${command} ${args.join(' ')}\` failed: ${said}`);
  }
}

/** Submits a batch script; returns the job id. */
export async function sbatch(scriptFile: string): Promise<string> {
  const out = await slurm('sbatch', ['--parsable', scriptFile]);
  const jobId = out.trim().split(';')[0];
  if (!/^\d+$/.test(jobId)) throw new SlurmError(`sbatch ${scriptFile} printed "${out.trim()}" instead of a job id`);
  return jobId;
}

/** A task's state as Slurm names it (PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, TIMEOUT, …) and why. */
export interface SlurmTaskState {
  state: string;
  reason: string | null;
  exitCode: string | null;
}

/**
 * The states Slurm knows of these jobs' array tasks, by "<jobId>_<index>": squeue (pending, running, and
 * finished jobs until MinJobAge forgets them), then sacct where accounting is on (it remembers for good).
 */
export async function taskStates(jobIds: readonly string[]): Promise<Map<string, SlurmTaskState>> {
  const states = new Map<string, SlurmTaskState>();
  if (jobIds.length === 0) return states;
  try {
    const out = await slurm('squeue', ['-h', '--states=all', '-r', '-j', jobIds.join(','), '-o', '%i|%T|%r']);
    for (const line of out.split('\n')) {
      const [id, state, reason] = line.trim().split('|');
      if (id && state) states.set(id, { state, reason: reason && reason !== 'None' ? reason : null, exitCode: null });
    }
  } catch (error) {
    if (!(error instanceof SlurmError) || !/Invalid job id/i.test(error.message)) throw error;
  }
  for (const [id, state] of (await sacctStates(jobIds)) ?? []) {
    // squeue's view of a live task is the fresher one.
    if (!states.has(id)) states.set(id, state);
  }
  return states;
}

/**
 * What the accounting database says of these jobs' array tasks, or null where there is none ("Slurm
 * accounting storage is disabled", as on scripts/slurm-local.sh's cluster): then squeue and the records say it.
 */
export async function sacctStates(jobIds: readonly string[]): Promise<Map<string, SlurmTaskState> | null> {
  let out: string;
  try {
    out = await slurm('sacct', ['-n', '-P', '-X', '-j', jobIds.join(','), '-o', 'JobID,State,ExitCode']);
  } catch (error) {
    if (error instanceof SlurmError) return null;
    throw error;
  }
  const states = new Map<string, SlurmTaskState>();
  for (const line of out.split('\n')) {
    const [id, state, exitCode] = line.trim().split('|');
    // sacct says "CANCELLED by 0".
    if (id && state) states.set(id, { state: state.split(' ')[0], reason: null, exitCode: exitCode ?? null });
  }
  return states;
}

/** Cancels array tasks ("<jobId>_<index>"). */
export async function scancel(taskIds: readonly string[]): Promise<void> {
  if (taskIds.length > 0) await slurm('scancel', [...taskIds]);
}
