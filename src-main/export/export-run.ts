import { zipSync } from 'fflate';
import { exportFileName, metricsCsv } from '../../src-shared/export/csv';
import type { ExportedFile, ExportFormat, ModelExportFormat } from '../../src-shared/export/formats';
import type { RunStore } from '../store';
import { ExportError } from './export-error';
import type { ExportFiles } from './export-files';
import { onnxExport } from './onnx/onnx-export';
import { kerasExport } from './python/keras-script';
import { pytorchExport } from './python/pytorch-script';
import { loadRunNetwork } from './run-network';
import { tfjsExport } from './tfjs/tfjs-export';
import type { ExportNetwork } from './network';

type ModelWriter = (network: ExportNetwork) => ExportFiles;

/** The writer of each model format. */
const MODEL_WRITERS: Record<ModelExportFormat, ModelWriter> = { tfjs: tfjsExport, onnx: onnxExport, keras: kerasExport, pytorch: pytorchExport };

const encode = (text: string) => new TextEncoder().encode(text);

/** A run exported as `format`: its files by name (model formats from its final weights; record and metrics from the history). */
export function exportRun(store: RunStore, runId: string, format: ExportFormat): ExportFiles {
  const detail = store.getRun(runId);
  if (!detail) throw new ExportError(`no run with id "${runId}" in ${store.dataDir}`, 'not-found');
  if (format === 'record') return { files: [{ name: 'run.json', data: encode(`${JSON.stringify({ ...detail, metrics: store.getMetrics(runId) }, null, 2)}\n`) }] };
  if (format === 'metrics') return { files: [{ name: 'metrics.csv', data: encode(metricsCsv({ [runId]: store.getMetrics(runId) })) }] };
  return MODEL_WRITERS[format](loadRunNetwork(store, runId));
}

const MEDIA_TYPES: Record<string, string> = { json: 'application/json', csv: 'text/csv', onnx: 'application/octet-stream', zip: 'application/zip', py: 'text/x-python' };

/**
 * An export as one downloadable file: the file itself when the format writes one (and no zip is asked for), else a zip,
 * named after the run (`<run name>-<id>-<format>.<ext>`).
 */
export function exportAsOneFile(
  exported: ExportFiles,
  run: { id: string; name: string },
  format: ExportFormat,
  { zip = false } = {},
): { filename: string; mediaType: string; data: Uint8Array } {
  const single = exported.files.length === 1 && !zip ? exported.files[0] : null;
  const extension = single ? single.name.split('.').pop()! : 'zip';
  const data = single ? single.data : zipSync(Object.fromEntries(exported.files.map((file) => [file.name, file.data])));
  return { filename: exportFileName([run.name, run.id.slice(0, 8), format], extension), mediaType: MEDIA_TYPES[extension] ?? 'application/octet-stream', data };
}

export function toExportedFile(file: { filename: string; mediaType: string; data: Uint8Array }): ExportedFile {
  return { filename: file.filename, mediaType: file.mediaType, base64: Buffer.from(file.data).toString('base64'), bytes: file.data.length };
}
