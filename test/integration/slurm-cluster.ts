import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { lastJsonLine, ROOT, runCli, writeJson } from './cli-helpers';
import { spiralsMaxNormTemplate } from './plan-fixtures';

/**
 * The real single-node Slurm of scripts/slurm-local.sh (as root it installs and starts it; otherwise a
 * running cluster must answer sinfo). Where there is none the Slurm tests fail, naming why: they never skip,
 * under CI=true least of all (.ci/run starts the cluster before npm test).
 */
export function requireLocalSlurm(): void {
  const isRoot = process.getuid?.() === 0;
  try {
    if (isRoot) execFileSync(join(ROOT, 'scripts', 'slurm-local.sh'), { stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000 });
    execFileSync('sinfo', ['-h'], { stdio: 'pipe' });
  } catch (error) {
    const said = `${(error as { stderr?: Buffer }).stderr?.toString() ?? ''}${(error as Error).message}`.trim();
    throw new Error(
      `the Slurm tests need a running Slurm: ${isRoot ? 'scripts/slurm-local.sh could not start one' : 'run scripts/slurm-local.sh as root first'}${process.env.CI === 'true' ? ' (CI must run them: .ci/run starts it as root)' : ''}: ${said}`,
    );
  }
}

export interface SlurmSlotLine {
  slot: string;
  state: string;
  taskId: string;
  runId: string;
  attempts: number;
  synced: boolean;
  message: string | null;
  live: { epochsDone: number; epochs: number; metricPoints: number; trainLoss: number | null } | null;
}
export interface SlurmStatusLine {
  planId: string;
  planDir: string;
  slots: SlurmSlotLine[];
  counts: Record<string, number>;
}

export async function slurmStatus(planId: string, dataDir: string): Promise<SlurmStatusLine> {
  const result = await runCli(['plan', 'status', planId, '--data-dir', dataDir, '--json']);
  if (result.code !== 0) throw new Error(`plan status failed (${result.code}): ${result.stderr}`);
  return lastJsonLine<SlurmStatusLine>(result.stdout);
}

/** Polls `plan status` until `predicate` holds (Slurm's pace, not a timer: the test's own timeout bounds it). */
export async function waitForStatus(planId: string, dataDir: string, predicate: (status: SlurmStatusLine) => boolean): Promise<SlurmStatusLine> {
  for (;;) {
    const status = await slurmStatus(planId, dataDir);
    if (predicate(status)) return status;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

export function spiralsTemplateFile(dir: string, config: Record<string, unknown> = {}): string {
  const template = spiralsMaxNormTemplate();
  return writeJson(dir, 'spirals.json', { ...template, config: { ...template.config, ...config } });
}

/** The plan id from the submit command's first stderr line. */
export function planIdOf(stderr: string): string {
  const match = /^plan ([0-9a-f-]{36}) /m.exec(stderr);
  if (!match) throw new Error(`no plan id in:\n${stderr}`);
  return match[1];
}
