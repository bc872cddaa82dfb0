import * as tf from '@tensorflow/tfjs-core';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { preprocessingSchema } from '../../src-shared/config/schema';
import { modelSpecSchema, type ModelSpec } from '../../src-shared/network/types';
import type { FeatureScaling, PreprocessingRecord } from './data';
import type { Model } from './model';
import { decodeTensor, encodeTensor } from './tensor-codec';
import type { EncodedMasks } from './weight-masks';

/** The format saveWeights writes; loadWeights also reads format 1, which had no `preprocessing`. */
export const WEIGHTS_FORMAT = 2;

/**
 * weights.json: `{ format: 2, spec, weights: { nodeId: { kernel: { shape, data }, bias: … } }, preprocessing }` where
 * data is base64 of the float32 values, little-endian, row-major in the catalog's weight shape, and preprocessing
 * (PreprocessingRecord) says what to do to raw examples first: x'[j] = (x[j] − input.offset[j]) · input.scale[j].
 */
export interface WeightsFile {
  format: typeof WEIGHTS_FORMAT;
  spec: ModelSpec;
  weights: Record<string, Record<string, { shape: number[]; data: string }>>;
  preprocessing: PreprocessingRecord;
  /** A pruned network's masks (1 kept, 0 deleted; the weights already hold the zeros); exports apply them too. */
  masks?: EncodedMasks;
}

export interface LoadedWeights {
  spec: ModelSpec;
  weights: Record<string, Record<string, { shape: number[]; values: Float32Array }>>;
  /** Null for a format 1 file, which did not record it. */
  preprocessing: PreprocessingRecord | null;
}

export class WeightsFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WeightsFileError';
  }
}

export function serializeWeights(model: Model, preprocessing: PreprocessingRecord): WeightsFile {
  const weights: WeightsFile['weights'] = {};
  for (const { nodeId, def, variable } of model.weights) {
    (weights[nodeId] ??= {})[def.name] = encodeTensor(variable.dataSync() as Float32Array, variable.shape);
  }
  return { format: WEIGHTS_FORMAT, spec: model.spec, weights, preprocessing, ...(model.masks.size ? { masks: model.masks.encode() } : {}) };
}

/** Writes weights.json with the preprocessing the training data went through; returns its size in bytes. */
export function saveWeights(model: Model, path: string, preprocessing: PreprocessingRecord): number {
  mkdirSync(dirname(path), { recursive: true });
  const text = JSON.stringify(serializeWeights(model, preprocessing));
  writeFileSync(path, text);
  return Buffer.byteLength(text);
}

/** Reads a weights.json written by saveWeights; errors name the file and the entry at fault. */
export function loadWeights(path: string): LoadedWeights {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new WeightsFileError(`${path}: not a readable JSON weights file (${(error as Error).message})`);
  }
  const file = parsed as Partial<Omit<WeightsFile, 'format'>> & { format?: unknown };
  if (file?.format !== 1 && file?.format !== WEIGHTS_FORMAT) {
    throw new WeightsFileError(`${path}: "format" must be 1 or ${WEIGHTS_FORMAT}, got ${JSON.stringify(file?.format)}`);
  }
  const spec = modelSpecSchema.safeParse(file.spec);
  if (!spec.success) throw new WeightsFileError(`${path}: "spec" is not a valid model spec`);
  const preprocessing = file.format === 1 ? null : checkPreprocessing(path, file.preprocessing, inputSize(spec.data));
  const weights: LoadedWeights['weights'] = {};
  for (const [nodeId, named] of Object.entries(file.weights ?? {})) {
    for (const [name, entry] of Object.entries(named)) {
      const values = decodeTensor(entry);
      if (typeof values === 'string') throw new WeightsFileError(`${path}: weights.${nodeId}.${name} ${values}`);
      (weights[nodeId] ??= {})[name] = { shape: entry.shape, values };
    }
  }
  return { spec: spec.data, weights, preprocessing };
}

function inputSize(spec: ModelSpec): number | undefined {
  const shape = spec.nodes.find((node) => node.kind === 'input')?.params.shape;
  return Array.isArray(shape) ? shape.reduce((a: number, b: number) => a * b, 1) : undefined;
}

function checkPreprocessing(path: string, value: unknown, inputValues: number | undefined): PreprocessingRecord {
  const record = value as Partial<PreprocessingRecord> | undefined;
  const mode = preprocessingSchema.safeParse(record?.mode);
  if (!mode.success) {
    throw new WeightsFileError(`${path}: "preprocessing.mode" must be one of ${preprocessingSchema.options.join(', ')}, got ${JSON.stringify(record?.mode)}`);
  }
  return {
    mode: mode.data,
    input: checkScaling(path, 'input', record!.input, inputValues),
    target: checkScaling(path, 'target', record!.target, undefined),
  };
}

function checkScaling(path: string, name: string, value: unknown, size: number | undefined): FeatureScaling | null {
  if (value === null) return null;
  const scaling = value as Partial<FeatureScaling> | undefined;
  const isNumbers = (list: unknown): list is number[] => Array.isArray(list) && list.every((n) => typeof n === 'number' && Number.isFinite(n));
  if (!isNumbers(scaling?.offset) || !isNumbers(scaling?.scale) || scaling.offset.length !== scaling.scale.length) {
    throw new WeightsFileError(`${path}: "preprocessing.${name}" must be null or { offset, scale }, two lists of finite numbers of one length`);
  }
  if (size !== undefined && scaling.offset.length !== size) {
    throw new WeightsFileError(`${path}: "preprocessing.${name}" holds ${scaling.offset.length} values per example, the network's input has ${size}`);
  }
  return { offset: scaling.offset, scale: scaling.scale };
}

/** Copies loaded weights into a model built from the same spec; names the first weight that does not fit. */
export function assignWeights(model: Model, loaded: LoadedWeights): void {
  for (const { nodeId, def, variable } of model.weights) {
    const entry = loaded.weights[nodeId]?.[def.name];
    if (!entry) throw new WeightsFileError(`node "${nodeId}": the weights file has no "${def.name}"`);
    if (entry.shape.join(',') !== variable.shape.join(',')) {
      throw new WeightsFileError(`node "${nodeId}": ${def.name} in the file is ${entry.shape.join('×')}, the model needs ${variable.shape.join('×')}`);
    }
    const values = tf.tensor(entry.values, variable.shape, 'float32');
    variable.assign(values);
    values.dispose();
  }
}
