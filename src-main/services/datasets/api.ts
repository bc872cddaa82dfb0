import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { ApiMethods, ApiParams } from '../../../src-shared/api/contract';
import type { DatasetImportFile } from '../../../src-shared/api/datasets';
import { ApiError } from '../api-service-types';
import { isBuiltInDataset, removeDataset, showDataset } from '../dataset-catalog';
import { previewBuiltInDataset } from './builtin-preview';
import { majorityBaseline } from './baseline';
import { DatasetImportError, DatasetUsageError } from './errors';
import { importDataset } from './import';
import { datasetDir, hasImportedDataset } from '../../engine/data/imported-meta';
import { previewDataset } from './preview';
import { confinePath } from './path-roots';
import { removeUpload, uploadedFile } from './uploads';

type DatasetMethod = 'datasets.import' | 'datasets.preview' | 'datasets.baseline' | 'datasets.remove';
export type DatasetHandlers = { [M in DatasetMethod]: (params: ApiParams<M>) => Promise<ApiMethods[M]['result']> };

/** The dataset methods of the API, to spread into createApiService's handlers. */
export function createDatasetHandlers(dataDir: string, onChange: () => void = () => {}, pathRoots?: readonly string[]): DatasetHandlers {
  return {
    'datasets.import': (params) => guard(() => withoutQuotedContent(pathRoots !== undefined && params.files.some((file) => 'path' in file), () => importFromApi(dataDir, params, onChange, pathRoots))),
    'datasets.preview': async ({ name }) => guard(async () => (isBuiltInDataset(name) ? previewBuiltInDataset(name, dataDir) : previewDataset(dataDir, showDataset(dataDir, name)))),
    'datasets.baseline': async ({ dataset }) => guard(async () => majorityBaseline(dataset, dataDir)),
    'datasets.remove': async ({ name }) =>
      guard(async () => {
        removeDataset(dataDir, name);
        onChange();
        return { ok: true as const };
      }),
  };
}

async function importFromApi(dataDir: string, params: ApiParams<'datasets.import'>, onChange: () => void, pathRoots: readonly string[] | undefined) {
  if (params.dryRun && hasImportedDataset(dataDir, params.name)) {
    throw new DatasetUsageError(`a dataset named "${params.name}" already exists; remove it first or choose another name`);
  }
  const uploads = mkdtempSync(join(tmpdir(), 'layerlab-upload-'));
  // A dry run converts into a throwaway data dir, so the preview shows exactly what a real import would keep.
  const targetDir = params.dryRun ? join(uploads, 'data') : dataDir;
  try {
    const files = params.files.map((file, index) => materialise(file, join(uploads, `${index}`), dataDir, pathRoots));
    const { files: _files, dryRun: _dryRun, ...options } = params;
    const meta = await importDataset({ ...options, files, dataDir: targetDir });
    const preview = previewDataset(targetDir, meta, datasetDir(targetDir, meta.name));
    if (!params.dryRun) onChange();
    return { dataset: meta, preview };
  } finally {
    rmSync(uploads, { recursive: true, force: true });
    for (const file of params.files) if ('upload' in file) removeUpload(dataDir, file.upload);
  }
}

/** A path as given (within the allowed roots); content sent in the request is written under its own (base) file name, which tells the format. */
function materialise(file: DatasetImportFile, dir: string, dataDir: string, pathRoots: readonly string[] | undefined): string {
  if ('path' in file) return confinePath(file.path, pathRoots);
  if ('upload' in file) return uploadedFile(dataDir, file.upload);
  mkdirSync(dir, { recursive: true });
  const target = join(dir, basename(file.filename) || 'upload');
  writeFileSync(target, 'text' in file ? file.text : Buffer.from(file.base64, 'base64'));
  return target;
}

/**
 * Over HTTP, a file read by path was not sent by the client: its errors keep the place and the problem but
 * not the values they would quote, so an import cannot be used to read a file's content.
 */
async function withoutQuotedContent<T>(redact: boolean, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!redact || !(error instanceof DatasetImportError)) throw error;
    const [place, ...rest] = error.message.split(': ');
    const detail = rest.join(': ').replace(/"[^"\n]*"/g, '"…"').replace(/'[^'\n]*'/g, "'…'");
    throw Object.assign(new DatasetImportError(error.file, null, detail), { message: `${place}: ${detail}` });
  }
}

async function guard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DatasetImportError) throw new ApiError('bad-request', error.message);
    if (error instanceof DatasetUsageError) throw new ApiError(/^no imported dataset/.test(error.message) ? 'not-found' : 'bad-request', error.message);
    throw error;
  }
}
