import { DatasetImportError, DatasetUsageError, type ImportedDatasetMeta } from '../../services/datasets';
import { UsageError } from '../cli-error';
import { formatNumber, table } from '../format';

/** Bad files and bad names are the user's input: printed without a stack trace, exit 2. */
export function asUsageError(error: unknown): unknown {
  return error instanceof DatasetImportError || error instanceof DatasetUsageError ? new UsageError(error.message) : error;
}

const MAX_FEATURE_ROWS = 30;

export function describeDataset(meta: ImportedDatasetMeta): string {
  const lines = [
    `name         ${meta.name}`,
    `kind         ${meta.kind === 'table' ? 'table' : 'IDX arrays'} · ${meta.task}${meta.target ? ` of "${meta.target}"` : ''}`,
    `input shape  [${meta.inputShape.join(', ')}] (${meta.x.type} on disk)`,
    `examples     ${meta.trainCount} train, ${meta.testCount} test${meta.droppedRows ? ` (${meta.droppedRows} rows with missing values dropped)` : ''}`,
    `fingerprint  ${meta.fingerprint}`,
    `sources      ${meta.sources.map((s) => `${s.file} (${s.role}, ${s.bytes} bytes)`).join('\n             ')}`,
  ];
  if (meta.task === 'classification') {
    lines.push('', table([['class', 'train', 'test'], ...meta.classNames.map((name, k) => [name, String(meta.classCounts.train[k]), String(meta.classCounts.test[k])])]));
  } else if (meta.targetStats) {
    const t = meta.targetStats;
    lines.push(`target       mean ${formatNumber(t.mean)}, sd ${formatNumber(t.sd)}, min ${formatNumber(t.min)}, max ${formatNumber(t.max)}`);
  }
  if (meta.columns) {
    const detail = (c: NonNullable<ImportedDatasetMeta['columns']>[number]) =>
      c.kind === 'categorical' ? `one-hot: ${c.categories!.join(', ')}` : c.kind === 'ignored' ? c.reason ?? '' : '';
    lines.push('', table([['column', 'use', 'missing', 'detail'], ...meta.columns.map((c) => [c.name, c.kind, String(c.missing), detail(c)])]));
  }
  const shown = meta.features.slice(0, MAX_FEATURE_ROWS);
  lines.push(
    '',
    table([
      ['feature', 'mean', 'sd', 'min', 'max'],
      ...shown.map((f) => [f.name, formatNumber(f.mean), formatNumber(f.sd), formatNumber(f.min), formatNumber(f.max)]),
    ]),
  );
  if (meta.features.length > shown.length) lines.push(`… and ${meta.features.length - shown.length} more features`);
  return lines.join('\n');
}
