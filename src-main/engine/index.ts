/** The engine's entry points for the trainer process and the rest of LayerLab. */
export { trainJob, type TrainJobHooks, type FinishedMessage } from './train-job';
export { buildModel, type Model, type ModelWeight, type ApplyOptions } from './model';
export { fit, type FitOptions, type FitResult } from './fit';
export { evaluate, type Evaluation } from './evaluate';
export { loadDataset, knownDatasets, preprocess, prepareSplits, splitValidation, type Dataset, type DataSplit, type FeatureScaling, type PreprocessingRecord } from './data';
export { loadWeights, saveWeights, assignWeights, serializeWeights, WEIGHTS_FORMAT, type WeightsFile, type LoadedWeights } from './weights-io';
export { readPredictions } from './predictions';
export * from './callbacks';
