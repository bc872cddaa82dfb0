import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TemplateInfo } from '../../../src-shared/api/contract';
import { VARIANT_LABELS, type StudyDetail } from '../../../src-shared/study';
import { ApiError } from '../../services/api-service-types';
import { resolveDataDir } from '../../services/data-dir';
import { RunManager } from '../../services/run-manager';
import { studyReportHtml } from '../../services/study/report';
import { studyResultJson } from '../../services/study/study-json';
import type { StudyProgressView } from '../../services/study/study-progress-view';
import { StudyService, type StudyStart } from '../../services/study/study-service';
import { EXIT, UsageError } from '../cli-error';
import { formatDuration, formatPercent } from '../format';
import { numberFlag, parseCommandArgs } from '../parse-args';
import { followPlan } from '../follow-plan';
import { readTemplate } from '../read-template';
import { nodeTrainerHostFactory } from '../trainer-factory';
import { openRunStore } from '../../services/open-store';

export const STUDY_USAGE = `layerlab study TEMPLATE.json --seeds N [--epochs N] [--train-limit N] [--test-limit N] [--parallel K]
               [--report FILE.html] [--data-dir DIR] [--json]`;

const OPTIONS = {
  seeds: { type: 'string' },
  epochs: { type: 'string' },
  'train-limit': { type: 'string' },
  'test-limit': { type: 'string' },
  parallel: { type: 'string' },
  report: { type: 'string' },
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
} as const;

const FLAG_OF_OPTION: Record<string, string> = { seeds: '--seeds', epochs: '--epochs', trainLimit: '--train-limit', testLimit: '--test-limit' };

/**
 * `layerlab study`: the template and its ablation without dropout over seeds 1..N, through the run
 * queue, then the paired statistics and the verdict. The same command again resumes an interrupted study.
 */
export async function studyCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('study', argv, OPTIONS);
  if (positionals.length !== 1) throw new UsageError(`layerlab study: expected one TEMPLATE.json, got ${positionals.length}\nusage: ${STUDY_USAGE}`);
  if (values.seeds === undefined) throw new UsageError(`layerlab study: --seeds N is required (5 or more for a reliable verdict)\nusage: ${STUDY_USAGE}`);
  const options = {
    seeds: numberFlag('--seeds', values.seeds),
    epochs: numberFlag('--epochs', values.epochs),
    trainLimit: numberFlag('--train-limit', values['train-limit']),
    testLimit: numberFlag('--test-limit', values['test-limit']),
  };
  const parallel = numberFlag('--parallel', values.parallel);
  if (parallel !== undefined && (!Number.isInteger(parallel) || parallel < 1)) {
    throw new UsageError(`--parallel: expected a whole number of runs at once, 1 or more, got ${values.parallel}`);
  }
  const template = readTemplate(positionals[0]);
  const started = Date.now();

  const store = openRunStore(resolveDataDir(values['data-dir']));
  let view: StudyProgressView | null = null;
  const manager = new RunManager({
    store,
    trainerHostFactory: nodeTrainerHostFactory,
    maxParallel: parallel,
    log: (level, message) => {
      if (level !== 'error') return;
      if (view) view.line(message);
      else process.stderr.write(`${message}\n`);
    },
  });
  const service = new StudyService(store, manager);
  try {
    const start = startStudy(service, template, options, positionals[0]);
    process.stderr.write(`${describeStart(start, manager.maxParallel)}\n`);
    const interrupted = await followPlan(
      {
        pending: start.pending.map((slot) => ({ runId: slot.runId, label: `seed ${slot.seed} ${VARIANT_LABELS[slot.variant]}` })),
        skipped: start.skipped.length,
        stop: () => service.stop(start.studyId),
        waitFor: () => service.waitFor(start.studyId),
      },
      manager,
      store,
      (progress) => (view = progress),
    );

    const detail = await service.get(start.studyId);
    if (values.report) {
      const file = resolve(values.report);
      writeFileSync(file, studyReportHtml(detail, service.reportContext(start.studyId)));
      process.stderr.write(`report written to ${file}\n`);
    }
    const wallMs = Date.now() - started;
    if (values.json) process.stdout.write(`${JSON.stringify(studyResultJson(detail, wallMs))}\n`);
    else process.stdout.write(`${describeResult(detail, wallMs)}\n`);
    if (detail.study.status === 'completed') return EXIT.ok;
    return interrupted ? EXIT.interrupted : EXIT.runFailed;
  } finally {
    await manager.close();
    store.close();
  }
}

function startStudy(service: StudyService, template: TemplateInfo, options: object, file: string): StudyStart {
  try {
    return service.start(template, options);
  } catch (error) {
    if (error instanceof ApiError && error.code === 'bad-request') {
      const message = error.message.replace(/options\.(\w+):/g, (whole, field: string) => (FLAG_OF_OPTION[field] ? `${FLAG_OF_OPTION[field]}:` : whole));
      throw new UsageError(`${file}: this study cannot start:\n${message}`);
    }
    throw error;
  }
}

function describeStart(start: StudyStart, parallel: number): string {
  const total = start.skipped.length + start.pending.length;
  const resumed = start.resumed ? `resuming: ${start.skipped.length} of ${total} runs already done, ` : '';
  const elsewhere = start.pending.length - start.queued;
  const running = elsewhere > 0 ? `, ${elsewhere} already queued or running (followed until they finish)` : '';
  const continued = start.continued > 0 ? ` (${start.continued} from the checkpoint of an interrupted run)` : '';
  return `study ${start.studyId}: ${total} runs (2 variants × ${total / 2} seeds), ${resumed}${start.queued} to run${continued}, ${parallel} at a time${running}`;
}

function describeResult(detail: StudyDetail, wallMs: number): string {
  const stats = detail.statistics;
  const lines = [`study ${detail.study.id} ${detail.study.status}: ${detail.study.runsCompleted} of ${detail.study.runsTotal} runs completed in ${formatDuration(wallMs)}`];
  if (!stats) return [...lines, '  no seed has both runs completed; no statistics'].join('\n');
  for (const variant of ['dropout', 'noDropout'] as const) {
    const v = stats.variants[variant];
    const sd = v.sd === null ? '' : ` ± ${v.sd.toFixed(1)}`;
    lines.push(`  ${VARIANT_LABELS[variant].padEnd(10)}  ${v.mean.toFixed(1)}${sd} errors of ${stats.testCount} (${formatPercent(v.meanRate)})  per seed: ${v.testErrors.join(', ')}`);
  }
  const p = (value: number | null) => (value === null ? '—' : value < 0.001 ? value.toExponential(2) : value.toPrecision(3));
  lines.push(`  paired t   t = ${stats.pairedT.t === null ? '—' : stats.pairedT.t.toFixed(3)}, df = ${stats.pairedT.df}, p = ${p(stats.pairedT.p)}`);
  lines.push(`  Wilcoxon   V = ${stats.wilcoxon.statistic}, p = ${p(stats.wilcoxon.p)} (${stats.wilcoxon.method})`);
  if (stats.mcnemar) lines.push(`  McNemar    pooled p = ${p(stats.mcnemar.p)}; per seed: ${stats.mcnemar.perSeed.map((s) => p(s.p)).join(', ')}`);
  lines.push(`  verdict    ${stats.verdict}`);
  lines.push(`  basis      ${stats.verdictBasis}`);
  if (stats.mcnemarNote) lines.push(`  McNemar?   ${stats.mcnemarNote}`);
  if (detail.reference) lines.push(`  paper      ${detail.reference.result}${detail.reference.epochs ? ` after ${detail.reference.epochs} epochs` : ''} — yours after ${stats.epochs}`);
  lines.push(`  report     layerlab report ${detail.study.id} --out study.html`);
  return lines.join('\n');
}
