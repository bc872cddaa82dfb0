import type { TrainConfig } from '../../../src-shared/config/schema';
import { preprocess, type PreprocessingRecord } from './preprocess';
import { exampleSize, type DataSplit, type Dataset } from './types';

/** The validation set is the last ⌊count · fraction⌋ training examples. */
export function splitSizes(count: number, validationFraction: number): { trainCount: number; valCount: number } {
  // The epsilon keeps 10 · 0.3 from flooring to 2.
  const valCount = Math.floor(count * validationFraction + 1e-9);
  return { trainCount: count - valCount, valCount };
}

export function sliceSplit(split: DataSplit, start: number, end: number): DataSplit {
  const size = exampleSize(split.shape);
  const targetSize = split.y.length / split.count;
  return {
    x: split.x.subarray(start * size, end * size),
    y: split.y.subarray(start * targetSize, end * targetSize),
    count: end - start,
    shape: split.shape,
  };
}

export function splitValidation(split: DataSplit, validationFraction: number): { train: DataSplit; val: DataSplit } {
  const { trainCount } = splitSizes(split.count, validationFraction);
  return { train: sliceSplit(split, 0, trainCount), val: sliceSplit(split, trainCount, split.count) };
}

/**
 * The splits a run trains, validates and tests on: the validation set cut from the end of the
 * training set, then preprocessing with statistics from what is left for training (in place),
 * and the record of that preprocessing.
 */
export function prepareSplits(
  dataset: Dataset,
  config: Pick<TrainConfig, 'validationSplit' | 'preprocessing'>,
): { train: DataSplit; val: DataSplit; test: DataSplit; preprocessing: PreprocessingRecord } {
  const { train, val } = splitValidation(dataset.train, config.validationSplit);
  const prepared = preprocess(config.preprocessing, { train, others: [val, dataset.test] }, dataset.valueRange);
  const preprocessing = { mode: config.preprocessing, input: prepared.scaling, target: null };
  return { train: prepared.train, val: prepared.others[0], test: prepared.others[1], preprocessing };
}
