import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { TrainJob } from '../../src-shared/api/trainer-protocol';
import { beginKernelRecord, endKernelRecord } from './backend';
import type { KernelPath } from './backend/kernels/autotune';

/**
 * The kernel choices a run used (per op and shape, the addon's or the wasm kernel: the timing-based choice
 * of backend/kernels/autotune.ts), kept in the run's folder beside its checkpoint as
 * artifacts/<runId>/kernel-choices.json (not announced as an artifact: it is the run's own bookkeeping, like
 * the checkpoint's position file). The run's backend info names them too, as known when it started.
 */
export const KERNEL_CHOICES_FILE = 'kernel-choices.json';

interface ChoicesFile {
  kernels: Record<string, KernelPath>;
}

function readChoices(file: string): Record<string, KernelPath> | null {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<ChoicesFile>;
    return parsed.kernels != null && typeof parsed.kernels === 'object' ? parsed.kernels : null;
  } catch {
    return null; // missing, or not written completely (a crash): the machine's own choices apply
  }
}

/** Renamed into place (a reader sees the old or the new file), not flushed to disk: written during the first steps. */
function writeChoices(file: string, kernels: Record<string, KernelPath>): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify({ kernels } satisfies ChoicesFile, null, 1));
  renameSync(temporary, file);
}

/** Creates `file` empty unless it exists; true when this call created it (this run then writes the plan's choices). */
function claim(file: string): boolean {
  try {
    closeSync(openSync(file, 'wx'));
    return true;
  } catch {
    return false;
  }
}

export interface KernelRecord {
  /** Ends the record: the run's kernel-choices.json then holds every choice it used. */
  finish(): void;
}

/**
 * Records the kernel choices of `job` and follows earlier ones: those of the run whose checkpoint it resumes
 * (kernel-choices.json beside that checkpoint), else those of its plan (job.kernelChoices, a file every task
 * of a Slurm plan shares; the first task to start writes it), so a resumed run or a plan's runs on other
 * nodes compute with the kernels the first one chose. The run's own file is rewritten whenever it uses an op
 * and shape for the first time, so even a run that crashes leaves its choices for its resumption.
 */
export function recordKernelChoices(job: TrainJob): KernelRecord | null {
  const fromCheckpoint = job.resume ? readChoices(join(dirname(join(job.dataDir, job.resume.checkpoint)), KERNEL_CHOICES_FILE)) : null;
  const planFile = job.kernelChoices;
  const ownsPlanFile = planFile != null && !fromCheckpoint && !existsSync(planFile) && claim(planFile);
  const pinned = fromCheckpoint ?? (planFile != null && !ownsPlanFile ? readChoices(planFile) : null) ?? {};
  const file = join(job.dataDir, 'artifacts', job.runId, KERNEL_CHOICES_FILE);
  const recording = beginKernelRecord(pinned, (used) => {
    writeChoices(file, used);
    if (ownsPlanFile) writeChoices(planFile, used);
  });
  if (!recording) return null;
  return {
    finish() {
      const used = endKernelRecord();
      if (Object.keys(used).length === 0) return;
      writeChoices(file, used);
    },
  };
}
