export { loadDataset, knownDatasets, registerDataset, DatasetError, type DatasetLoader } from './registry';
export { parseIdx, checkIdxPair, encodeIdx, IdxError, type IdxTensor, type IdxTypeName } from './idx';
export { readIdxSplit, mnistDir } from './mnist';
export { loadSpirals, loadBlobs } from './synthetic';
export { preprocess, type FeatureScaling, type PreprocessingRecord } from './preprocess';
export { splitValidation, splitSizes, prepareSplits } from './split';
export { fingerprintSplits } from './fingerprint';
export type { DataSplit, Dataset, RawDataset } from './types';
