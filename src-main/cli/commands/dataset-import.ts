import { resolveDataDir } from '../../services/data-dir';
import { importDataset, type ImportProgress } from '../../services/datasets';
import { EXIT, UsageError } from '../cli-error';
import { numberFlag, parseCommandArgs } from '../parse-args';
import { describeDataset, asUsageError } from './dataset-format';
import { COLUMN_ROLES, type ColumnRole } from '../../../src-shared/api/datasets';

export const DATASET_IMPORT_USAGE = `layerlab dataset import FILE… --name NAME [--task classification|regression] [--target COLUMN]
             [--test-split F] [--drop-missing] [--header|--no-header] [--column NAME=numeric|categorical|ignored]…
             [--data-dir DIR] [--json]`;

const OPTIONS = {
  name: { type: 'string' },
  task: { type: 'string' },
  target: { type: 'string' },
  'test-split': { type: 'string' },
  'drop-missing': { type: 'boolean' },
  header: { type: 'boolean' },
  'no-header': { type: 'boolean' },
  column: { type: 'string', multiple: true },
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** `layerlab dataset import`: IDX files or one CSV/TSV/JSON table into the data dir. */
export async function datasetImportCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('dataset import', argv, OPTIONS);
  if (positionals.length === 0) throw new UsageError(`layerlab dataset import: no files given\nusage: ${DATASET_IMPORT_USAGE}`);
  if (!values.name) throw new UsageError(`layerlab dataset import: --name is required\nusage: ${DATASET_IMPORT_USAGE}`);
  const task = values.task;
  if (task !== undefined && task !== 'classification' && task !== 'regression') {
    throw new UsageError(`--task: expected classification or regression, got "${task}"`);
  }
  const showProgress = Boolean(process.stderr.isTTY) && !values.json;
  try {
    const meta = await importDataset(
      {
        files: positionals,
        name: values.name,
        task,
        target: values.target,
        testSplit: numberFlag('--test-split', values['test-split']),
        dropMissing: values['drop-missing'],
        header: values['no-header'] ? false : values.header,
        roles: columnRoles(values.column ?? []),
        dataDir: resolveDataDir(values['data-dir']),
      },
      showProgress ? drawProgress : undefined,
    );
    if (showProgress) process.stderr.write('\r\x1b[K');
    process.stdout.write(values.json ? `${JSON.stringify(meta, null, 2)}\n` : `imported "${meta.name}"\n${describeDataset(meta)}\n`);
    return EXIT.ok;
  } catch (error) {
    if (showProgress) process.stderr.write('\r\x1b[K');
    throw asUsageError(error);
  }
}

/** `--column station=categorical --column id=ignored` → {station: 'categorical', id: 'ignored'}. */
function columnRoles(flags: readonly string[]): Record<string, ColumnRole> | undefined {
  if (!flags.length) return undefined;
  const roles: Record<string, ColumnRole> = {};
  for (const flag of flags) {
    const at = flag.lastIndexOf('=');
    const role = flag.slice(at + 1);
    if (at <= 0 || !COLUMN_ROLES.includes(role as ColumnRole)) throw new UsageError(`--column ${flag}: expected NAME=${COLUMN_ROLES.join('|')}, e.g. --column station=categorical`);
    roles[flag.slice(0, at)] = role as ColumnRole;
  }
  return roles;
}

function drawProgress({ phase, bytesDone, bytesTotal }: ImportProgress): void {
  const percent = bytesTotal > 0 ? Math.round((100 * bytesDone) / bytesTotal) : 100;
  const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
  process.stderr.write(`\r\x1b[K${phase} ${percent}% (${mb(bytesDone)} of ${mb(bytesTotal)} MB)`);
}
