import type { RunSummary } from '../../src-shared/api/run';
import type { ExportedFile, ExportFormat } from '../../src-shared/export/formats';
import { ExportError } from '../export/export-error';
import { exportAsOneFile, exportRun, toExportedFile } from '../export/export-run';
import type { RunStore } from '../store';
import { ApiError } from './api-service-types';

/** runs.export: the run as one file (a zip when the format writes several); export problems as API errors. */
export function exportRunFile(store: RunStore, run: RunSummary, format: ExportFormat): ExportedFile {
  try {
    return toExportedFile(exportAsOneFile(exportRun(store, run.id, format), run, format));
  } catch (error) {
    if (error instanceof ExportError) throw new ApiError(error.code === 'not-found' ? 'not-found' : 'bad-request', error.message);
    throw error;
  }
}
