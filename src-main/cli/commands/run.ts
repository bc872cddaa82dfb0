import type { ApiEvent } from '../../../src-shared/api/contract';
import type { RunSummary } from '../../../src-shared/api/run';
import { ApiError } from '../../services/api-service-types';
import { resolveDataDir } from '../../services/data-dir';
import { RunManager } from '../../services/run-manager';
import { RunStore } from '../../store';
import { EXIT, UsageError } from '../cli-error';
import { formatDuration, formatNumber, formatPercent } from '../format';
import { numberFlag, parseCommandArgs } from '../parse-args';
import { ProgressView } from '../progress-view';
import { buildRunRequest, nameFlagsInMessage, type RunOverrides } from '../run-request';
import { nodeTrainerHostFactory } from '../trainer-factory';

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
  const verbose = Boolean(values.verbose);

  const store = RunStore.open(resolveDataDir(values['data-dir']));
  let view: ProgressView | null = null;
  const manager = new RunManager({
    store,
    trainerHostFactory: nodeTrainerHostFactory,
    maxParallel: 1,
    log: (level, message) => {
      if (!verbose && level !== 'error') return;
      if (view) view.line(message);
      else process.stderr.write(`${message}\n`);
    },
  });
  // Subscribed before the run starts: its first events ('queued', 'running') come out of start() itself.
  const early: ApiEvent[] = [];
  let onEvent: (event: ApiEvent) => void = (event) => early.push(event);
  manager.subscribe((event) => onEvent(event));
  try {
    let runId: string;
    try {
      runId = manager.start(request).runId;
    } catch (error) {
      if (error instanceof ApiError && error.code === 'bad-request') {
        throw new UsageError(`${positionals[0]}: this run cannot start:\n${nameFlagsInMessage(error.message, overrides)}`);
      }
      throw error;
    }
    view = new ProgressView(runId);
    const progress = view;
    onEvent = (event) => {
      progress.handle(event);
      if (verbose && event.type === 'run.status' && event.runId === runId && event.status === 'running') {
        progress.line(`run ${runId}: trainer process ${manager.trainerPid(runId)} started`);
      }
    };
    early.splice(0).forEach(onEvent);
    if (verbose) progress.line(`run ${runId}: data dir ${store.dataDir}`);
    const stopOnInterrupt = interruptHandler(manager, runId, progress);
    process.on('SIGINT', stopOnInterrupt);
    process.on('SIGTERM', stopOnInterrupt);
    const summary = await manager.waitForRun(runId).finally(() => {
      process.off('SIGINT', stopOnInterrupt);
      process.off('SIGTERM', stopOnInterrupt);
      progress.finish();
    });
    report(summary, Boolean(values.json));
    return exitCodeOf(summary);
  } finally {
    await manager.close();
    store.close();
  }
}

/** First Ctrl-C (or SIGTERM): ask the trainer to stop after its current batch. Second: kill it. */
function interruptHandler(manager: RunManager, runId: string, view: ProgressView): () => void {
  let interrupts = 0;
  return () => {
    interrupts += 1;
    if (interrupts === 1) {
      view.line('stopping after the current batch… (Ctrl-C again to kill the trainer)');
      manager.stop(runId);
    } else {
      const pid = manager.trainerPid(runId);
      if (pid !== undefined) process.kill(pid, 'SIGKILL');
    }
  };
}

function exitCodeOf(summary: RunSummary): number {
  if (summary.status === 'completed') return EXIT.ok;
  if (summary.status === 'stopped') return EXIT.interrupted;
  return EXIT.runFailed;
}

function report(summary: RunSummary, json: boolean): void {
  const { id, status } = summary;
  if (status !== 'completed') {
    process.stderr.write(`run ${id} ${status}${summary.error ? `: ${summary.error}` : ''}\n`);
  }
  if (json) {
    const line = {
      runId: id,
      status,
      epochs: summary.epochsDone,
      testErrors: summary.testErrors,
      testErrorRate: summary.testErrorRate,
      finalLoss: summary.finalLoss,
      backend: summary.backend,
      wallMs: summary.wallMs,
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
    return;
  }
  const lines = [`run ${id} ${status} after ${summary.epochsDone} epoch${summary.epochsDone === 1 ? '' : 's'} in ${formatDuration(summary.wallMs)}${summary.backend ? ` (${summary.backend})` : ''}`];
  if (summary.testErrors !== null) lines.push(`  test errors: ${summary.testErrors} (${formatPercent(summary.testErrorRate)})`);
  if (summary.testRmse !== null) lines.push(`  test RMSE: ${formatNumber(summary.testRmse)}`);
  if (summary.finalLoss !== null) lines.push(`  final training loss: ${formatNumber(summary.finalLoss)}`);
  lines.push(`  details: layerlab show ${id}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
