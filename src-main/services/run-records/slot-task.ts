import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { ApiError } from '../api-service-types';
import { APP_VERSION } from '../app-version';
import { describeTrainerExit } from '../crash-message';
import { runParams } from '../run-params';
import { validateRunInput } from '../run-input';
import type { TrainerHostFactory } from '../trainer-host-types';
import { RunRecordWriter } from './record-writer';

const HEARTBEAT_MS = 5000;

/** What a submission file (written by the Slurm executor, read by each task) says about every task of one job array. */
export const submissionSchema = z.object({
  format: z.literal(1),
  planId: z.string(),
  /** The plan's folder on the shared filesystem. */
  planDir: z.string(),
  tasks: z.array(
    z.object({
      index: z.number().int().nonnegative(),
      runId: z.string(),
      slot: z.string(),
      arm: z.string(),
      seed: z.number().int(),
      /** The slot's run request (StartRunParams), checked again on the node. */
      params: z.object({ spec: z.unknown(), config: z.unknown(), dataset: z.unknown(), procedure: z.unknown().optional(), name: z.string().optional(), tags: z.array(z.string()).optional() }).passthrough(),
    }),
  ),
});
export type Submission = z.infer<typeof submissionSchema>;

export const recordDirOf = (planDir: string, runId: string) => join(planDir, 'runs', runId);
/** Imported datasets the plan uses, copied next to its records so every node finds them. */
export const planDatasetsDir = (planDir: string) => join(planDir, 'datasets');

export function readSubmission(file: string): Submission {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ApiError('bad-request', `${file}: cannot read this submission file (${(error as Error).message}); is the shared folder mounted on this node?`);
  }
  const parsed = submissionSchema.safeParse(json);
  if (!parsed.success) throw new ApiError('bad-request', `${file}: not a LayerLab submission file (${parsed.error.issues[0]?.message})`);
  return parsed.data;
}

/**
 * Runs one task of a plan's job array on a cluster node: the slot's run in a trainer process, written as a
 * run record (record-layout.ts) under <planDir>/runs/<runId>/ instead of into a history. Resolves with the
 * exit code Slurm will see: 0 when the run completed or diverged (a result), 1 otherwise. SIGTERM (scancel,
 * the time limit) stops the trainer and leaves the record 'interrupted' with every metric it had.
 */
export async function runSlotTask(submissionFile: string, index: number, factory: TrainerHostFactory, threads?: number): Promise<number> {
  const submission = readSubmission(submissionFile);
  const task = submission.tasks.find((t) => t.index === index);
  if (!task) throw new ApiError('bad-request', `${submissionFile}: no task ${index} (it has ${submission.tasks.length}: 0–${submission.tasks.length - 1})`);
  const dir = recordDirOf(submission.planDir, task.runId);
  mkdirSync(dir, { recursive: true });
  const datasets = planDatasetsDir(submission.planDir);
  if (existsSync(datasets) && !existsSync(join(dir, 'datasets'))) symlinkSync(datasets, join(dir, 'datasets'));

  const params = task.params as unknown as Parameters<typeof validateRunInput>[0];
  const input = validateRunInput(params, dir);
  const writer = new RunRecordWriter(dir, {
    format: 1,
    runId: task.runId,
    name: input.name,
    planId: submission.planId,
    slot: { key: task.slot, arm: task.arm, seed: task.seed },
    tags: params.tags ?? [],
    spec: input.spec,
    config: input.config,
    dataset: input.dataset,
    procedure: input.procedure,
    stages: input.stages,
    params: runParams(input.spec, input.analysis, input.config, input.dataset),
    appVersion: APP_VERSION,
    host: hostname(),
    createdAt: new Date().toISOString(),
  });

  const host = factory();
  const heartbeat = setInterval(() => writer.heartbeat(), HEARTBEAT_MS);
  let epoch: number | null = null;
  let metricPoints = 0;
  let lastStderr: string | undefined;
  let signalled: string | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) return;
    signalled = signal;
    writer.end('interrupted', `Slurm sent ${signal} (scancel, or the task reached its time limit) during epoch ${epoch ?? 1}; ${metricPoints} metric points were saved`);
    host.send({ type: 'stop', runId: task.runId });
    void host.dispose(3000);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  try {
    await new Promise<void>((resolve) => {
      host.onMessage((message) => {
        if (message.type === 'progress') epoch = message.epoch + 1;
        if (message.type === 'metrics') metricPoints += message.points.length;
        writer.handle(message);
        if (message.type === 'finished') {
          void host.dispose(5000);
          resolve();
        }
      });
      host.onStderr((line) => {
        lastStderr = line;
        process.stderr.write(`${line}\n`);
      });
      host.onExit((exit) => {
        writer.end('crashed', describeTrainerExit({ ...exit, epoch, metricPoints, lastStderr }));
        resolve();
      });
      host.send({
        type: 'start',
        job: {
          runId: task.runId, spec: input.spec, config: input.config, dataset: input.dataset, procedure: input.procedure, dataDir: dir,
          kernelChoices: join(submission.planDir, 'kernel-choices.json'), ...(threads ? { threads } : {}),
        },
      });
    });
  } finally {
    clearInterval(heartbeat);
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
  process.stderr.write(`layerlab plan task: run ${task.runId} (${task.slot}) ${writer.status}\n`);
  if (signalled) return 143;
  return writer.status === 'completed' || writer.status === 'diverged' ? 0 : 1;
}
