export { importDataset, DEFAULT_TEST_SPLIT, type ImportRequest } from './import';
export { importedDatasets, showDataset, removeDataset } from '../dataset-catalog';
export { loadImportedRaw, readStoredDataset } from '../../engine/data/imported-load';
export { loadImportedDataset } from './imported-dataset';
export { DatasetImportError, DatasetUsageError } from './errors';
export type { ImportedDatasetMeta, ColumnInfo, FeatureStats } from '../../engine/data/imported-meta';
export type { ImportProgress, ProgressListener } from './progress';
export { createDatasetHandlers, type DatasetHandlers } from './api';
export { previewDataset } from './preview';
