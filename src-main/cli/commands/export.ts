import { writeFileSync } from 'node:fs';
import { EXPORT_FORMAT_LABELS, EXPORT_FORMATS, isExportFormat } from '../../../src-shared/export/formats';
import { ExportError } from '../../export/export-error';
import { exportAsOneFile, exportRun } from '../../export/export-run';
import { writeExportFiles } from '../../export/write-export';
import { UsageError } from '../cli-error';
import { openExistingHistory, resolveRunId } from '../open-history';
import { parseCommandArgs } from '../parse-args';

export const EXPORT_USAGE = `layerlab export RUN_ID --format ${EXPORT_FORMATS.join('|')} --out PATH [--json] [--data-dir DIR]`;

/**
 * `layerlab export`: a run's network and final weights (tfjs, onnx, keras, pytorch) or its numbers (record, metrics).
 * PATH is a file for a format that writes one file (onnx, record, metrics) and a folder for the others; a PATH
 * ending in .zip gets every file zipped.
 */
export function exportCommand(argv: readonly string[]): number {
  const { values, positionals } = parseCommandArgs('export', argv, {
    format: { type: 'string' },
    out: { type: 'string' },
    json: { type: 'boolean' },
    'data-dir': { type: 'string' },
  });
  if (positionals.length !== 1) throw new UsageError(`layerlab export: expected one RUN_ID\nusage: ${EXPORT_USAGE}`);
  const format = values.format;
  if (!format || !isExportFormat(format)) {
    const known = EXPORT_FORMATS.map((name) => `  ${name.padEnd(8)} ${EXPORT_FORMAT_LABELS[name]}`).join('\n');
    throw new UsageError(`layerlab export: --format ${format ? `"${format}" is not a format` : 'is required'}; use one of\n${known}`);
  }
  if (!values.out) throw new UsageError(`layerlab export: --out PATH is required (where to write the ${format} export)\nusage: ${EXPORT_USAGE}`);
  const store = openExistingHistory(values['data-dir']);
  if (!store) throw new UsageError(`no run with id "${positionals[0]}": there is no history in this data dir yet`);
  try {
    const runId = resolveRunId(store, positionals[0]);
    const exported = exportRun(store, runId, format);
    let paths: string[];
    if (values.out.endsWith('.zip') || exported.files.length === 1) {
      const run = store.getSummary(runId)!;
      const file = exportAsOneFile(exported, run, format, { zip: values.out.endsWith('.zip') });
      writeFileSync(values.out, file.data);
      paths = [values.out];
    } else {
      paths = writeExportFiles(exported, values.out);
    }
    process.stdout.write(values.json ? `${JSON.stringify({ runId, format, files: paths })}\n` : `${paths.map((path) => `wrote ${path}`).join('\n')}\n`);
    return 0;
  } catch (error) {
    if (error instanceof ExportError) throw new UsageError(`layerlab export: ${error.message}`);
    throw error;
  } finally {
    store.close();
  }
}
