import { resolveDataDir } from '../../services/data-dir';
import { importedDatasets, removeDataset, showDataset } from '../../services/datasets';
import { EXIT, UsageError } from '../cli-error';
import { table } from '../format';
import { parseCommandArgs } from '../parse-args';
import { asUsageError, describeDataset } from './dataset-format';
import { DATASET_IMPORT_USAGE, datasetImportCommand } from './dataset-import';

export const DATASET_USAGE = `${DATASET_IMPORT_USAGE}
       layerlab dataset list [--data-dir DIR] [--json]
       layerlab dataset show NAME [--data-dir DIR] [--json]
       layerlab dataset remove NAME [--data-dir DIR]`;

const OPTIONS = { 'data-dir': { type: 'string' }, json: { type: 'boolean' } } as const;

/** `layerlab dataset import|list|show|remove`. */
export async function datasetCommand(argv: readonly string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'import') return datasetImportCommand(rest);
  if (sub !== 'list' && sub !== 'show' && sub !== 'remove') {
    throw new UsageError(`layerlab dataset: expected import, list, show or remove${sub ? `, got "${sub}"` : ''}\nusage: ${DATASET_USAGE}`);
  }
  const { values, positionals } = parseCommandArgs(`dataset ${sub}`, rest, OPTIONS);
  const dataDir = resolveDataDir(values['data-dir']);
  const json = Boolean(values.json);
  try {
    if (sub === 'list') {
      if (positionals.length) throw new UsageError(`layerlab dataset list: unexpected argument "${positionals[0]}"`);
      const metas = importedDatasets(dataDir);
      if (json) process.stdout.write(`${JSON.stringify(metas, null, 2)}\n`);
      else if (metas.length === 0) process.stdout.write(`no imported datasets in ${dataDir}; add one with \`layerlab dataset import\`\n`);
      else {
        const rows = metas.map((m) => [m.name, m.task, `[${m.inputShape.join(',')}]`, String(m.trainCount), String(m.testCount), m.task === 'classification' ? String(m.classNames.length) : '—', m.fingerprint.slice(0, 19)]);
        process.stdout.write(`${table([['name', 'task', 'shape', 'train', 'test', 'classes', 'fingerprint'], ...rows])}\n`);
      }
      return EXIT.ok;
    }
    if (positionals.length !== 1) throw new UsageError(`layerlab dataset ${sub}: expected one dataset NAME\nusage: ${DATASET_USAGE}`);
    const name = positionals[0];
    if (sub === 'show') {
      const meta = showDataset(dataDir, name);
      process.stdout.write(json ? `${JSON.stringify(meta, null, 2)}\n` : `${describeDataset(meta)}\n`);
      return EXIT.ok;
    }
    removeDataset(dataDir, name);
    process.stdout.write(json ? `${JSON.stringify({ removed: name })}\n` : `removed dataset "${name}"\n`);
    return EXIT.ok;
  } catch (error) {
    throw asUsageError(error);
  }
}
