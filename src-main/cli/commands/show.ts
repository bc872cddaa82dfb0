import { UsageError } from '../cli-error';
import { formatDuration, formatNumber, formatPercent } from '../format';
import { openExistingHistory, resolveRunId } from '../open-history';
import { parseCommandArgs } from '../parse-args';
import type { ArtifactInfo } from '../../../src-shared/api/run';
import { trainedOn } from '../../../src-shared/api/backend';
import { RESUMABLE_STATUSES } from '../../services/run-resume';

export const SHOW_USAGE = 'layerlab show RUN_ID [--json] [--data-dir DIR]';

/** `layerlab show`: one run with its network, settings, results and metric series. */
export function showCommand(argv: readonly string[]): number {
  const { values, positionals } = parseCommandArgs('show', argv, { json: { type: 'boolean' }, 'data-dir': { type: 'string' } });
  if (positionals.length !== 1) throw new UsageError(`layerlab show: expected one RUN_ID\nusage: ${SHOW_USAGE}`);
  const store = openExistingHistory(values['data-dir']);
  if (!store) throw new UsageError(`no run with id "${positionals[0]}": there is no history in this data dir yet`);
  try {
    const detail = store.getRun(resolveRunId(store, positionals[0]))!;
    const metrics = store.getMetrics(detail.run.id);
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ ...detail, metrics })}\n`);
      return 0;
    }
    const { run } = detail;
    const lines = [
      `${run.name}`,
      `  id          ${run.id}`,
      `  status      ${run.status}${run.error ? ` — ${run.error}` : ''}`,
      ...(run.resumedFrom
        ? [`  resumed     from ${run.resumedFrom.runId ? `run ${run.resumedFrom.runId}` : 'a deleted run'}, at epoch ${formatEpoch(run.resumedFrom.epoch)} (step ${run.resumedFrom.step})`]
        : []),
      `  dataset     ${run.dataset}${detail.datasetRef.trainLimit ? ` (first ${detail.datasetRef.trainLimit} training examples)` : ''}${run.datasetFingerprint ? `  ${run.datasetFingerprint.slice(0, 19)}` : ''}`,
      `  seed        ${run.seed}`,
      `  backend     ${run.backendInfo ? `${run.backendInfo.name}${run.backendInfo.native ? ' + native' : ''}, ${run.backendInfo.threads} thread${run.backendInfo.threads === 1 ? '' : 's'}, tfjs ${run.backendInfo.tfjsVersion}` : '—'}`,
      ...(run.backendInfo ? [`  device      ${trainedOn(run.backendInfo)}`] : []),
      ...(run.backendInfo?.gpuNote ? [`              ${run.backendInfo.gpuNote}`] : []),
      `  epochs      ${run.epochsDone}/${run.epochs} in ${formatDuration(run.wallMs)}`,
      `  test error  ${run.testErrors !== null ? `${run.testErrors} (${formatPercent(run.testErrorRate)})` : '—'}`,
      `  final loss  ${formatNumber(run.finalLoss)}`,
      `  network     ${detail.spec.name}: ${detail.spec.nodes.map((node) => node.kind).join(' → ')}${detail.params['spec.totalParams'] ? `, ${detail.params['spec.totalParams']} parameters` : ''}`,
      `  created     ${run.createdAt}   LayerLab ${run.appVersion}`,
    ];
    if (run.tags.length) lines.push(`  tags        ${run.tags.join(', ')}`);
    if (run.note) lines.push(`  note        ${run.note}`);
    const keys = Object.keys(metrics);
    if (keys.length) {
      lines.push('  metrics (points, last value):');
      for (const key of keys) {
        const series = metrics[key];
        lines.push(`    ${key.padEnd(26)} ${String(series.length).padStart(6)}  ${formatNumber(series.at(-1)?.value)}`);
      }
    }
    for (const artifact of detail.artifacts) lines.push(`  artifact    ${artifact.kind}: ${artifact.path} (${artifact.bytes} bytes)${savedWhen(artifact)}`);
    if (RESUMABLE_STATUSES.includes(run.status) && detail.artifacts.some((artifact) => artifact.kind === 'checkpoint')) {
      lines.push(`  resume      layerlab resume ${run.id}`);
    }
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } finally {
    store.close();
  }
}

/** For artifacts saved partway through training: which epoch (and step) they are from. */
function savedWhen(artifact: ArtifactInfo): string {
  if (artifact.epoch === null) return '';
  const source = artifact.kind === 'checkpoint' ? 'saved' : 'from the last checkpoint,';
  return ` — ${source} at epoch ${formatEpoch(artifact.epoch)} (step ${artifact.step})`;
}

function formatEpoch(epoch: number): string {
  return Number.isInteger(epoch) ? String(epoch) : epoch.toFixed(2);
}
