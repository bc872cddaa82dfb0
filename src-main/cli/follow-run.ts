import type { ApiEvent } from '../../src-shared/api/contract';
import type { RunSummary } from '../../src-shared/api/run';
import { getProcedure } from '../../src-shared/procedures';
import { RunManager } from '../services/run-manager';
import type { RunStore } from '../store';
import { EXIT } from './cli-error';
import { formatDuration, formatNumber, formatPercent } from './format';
import { ProgressView } from './progress-view';
import { nodeTrainerHostFactory } from './trainer-factory';

export interface FollowOptions {
  json: boolean;
  verbose: boolean;
  /** Queues the run (throwing a UsageError when it cannot start) and returns its id. */
  start(manager: RunManager): string;
  /** The template's published figure, printed beside the run's own. */
  reference?: { metric?: string; value?: number; testErrors?: number; epochs?: number; source: string };
}

/** A finished run's figures its procedure names (e.g. PCA's reconstruction errors), from its latest metrics. */
function procedureResults(store: RunStore, runId: string, kind: string | undefined): { key: string; label: string; value: number }[] {
  const def = kind ? getProcedure(kind) : undefined;
  if (!def) return [];
  const latest = store.getLatestMetrics(runId);
  return def.results.flatMap((result) => (latest[result.key] ? [{ ...result, value: latest[result.key].value }] : []));
}

/**
 * Trains one run in a forked trainer while this process watches: progress on stderr, Ctrl-C to stop,
 * the result on stdout. Returns the exit code (0 completed, 130 stopped, 1 otherwise).
 */
export async function followRun(store: RunStore, options: FollowOptions): Promise<number> {
  const { json, verbose } = options;
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
    const runId = options.start(manager);
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
    const detail = store.getRun(runId);
    const resumable = detail?.artifacts.some((artifact) => artifact.kind === 'checkpoint') ?? false;
    const results = procedureResults(store, runId, detail?.procedure.kind);
    report(summary, json, resumable, results, options.reference);
    return exitCodeOf(summary);
  } finally {
    await manager.close();
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

function report(
  summary: RunSummary,
  json: boolean,
  resumable: boolean,
  results: { key: string; label: string; value: number }[],
  reference: FollowOptions['reference'],
): void {
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
      ...(summary.parentRunId ? { parentRunId: summary.parentRunId } : {}),
      ...(results.length ? { results: Object.fromEntries(results.map((result) => [result.key, result.value])) } : {}),
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
    return;
  }
  const lines = [`run ${id} ${status} after ${summary.epochsDone} epoch${summary.epochsDone === 1 ? '' : 's'} in ${formatDuration(summary.wallMs)}${summary.backend ? ` (${summary.backend})` : ''}`];
  if (summary.parentRunId) lines.push(`  resumed from run ${summary.parentRunId}`);
  if (summary.testErrors !== null) lines.push(`  test errors: ${summary.testErrors} (${formatPercent(summary.testErrorRate)})`);
  if (summary.testRmse !== null) lines.push(`  test RMSE: ${formatNumber(summary.testRmse)}`);
  for (const result of results) {
    const published = reference?.metric === result.key && reference.value !== undefined ? `  (published: ${reference.value}${reference.epochs ? ` after ${reference.epochs} epoch${reference.epochs === 1 ? '' : 's'}` : ''})` : '';
    lines.push(`  ${result.label}: ${formatResult(result.value)}${published}`);
  }
  if (summary.finalLoss !== null && results.length === 0) lines.push(`  final training loss: ${formatNumber(summary.finalLoss)}`);
  if (resumable && (status === 'crashed' || status === 'stopped')) lines.push(`  continue it from its last checkpoint: layerlab resume ${id}`);
  lines.push(`  details: layerlab show ${id}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Procedure figures with four significant digits: 13.86, 0.7305, 43.61. */
function formatResult(value: number): string {
  return Number.isFinite(value) ? Number(value.toPrecision(4)).toString() : String(value);
}
