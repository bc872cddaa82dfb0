import { UsageError } from '../cli-error';
import { formatDuration, formatNumber, formatPercent } from '../format';
import { openExistingHistory, resolveRunId } from '../open-history';
import { parseCommandArgs } from '../parse-args';

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
      `  dataset     ${run.dataset}${detail.datasetRef.trainLimit ? ` (first ${detail.datasetRef.trainLimit} training examples)` : ''}${run.datasetFingerprint ? `  ${run.datasetFingerprint.slice(0, 19)}` : ''}`,
      `  seed        ${run.seed}`,
      `  backend     ${run.backendInfo ? `${run.backendInfo.name}${run.backendInfo.native ? ' + native' : ''}, ${run.backendInfo.threads} thread${run.backendInfo.threads === 1 ? '' : 's'}, tfjs ${run.backendInfo.tfjsVersion}` : '—'}`,
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
    for (const artifact of detail.artifacts) lines.push(`  artifact    ${artifact.kind}: ${artifact.path} (${artifact.bytes} bytes)`);
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } finally {
    store.close();
  }
}
