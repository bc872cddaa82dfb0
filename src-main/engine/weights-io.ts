import * as tf from '@tensorflow/tfjs-core';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { modelSpecSchema, type ModelSpec } from '../../src-shared/spec/types';
import type { Model } from './model';

/**
 * weights.json: `{ format: 1, spec, weights: { nodeId: { kernel: { shape, data }, bias: … } } }` where
 * data is base64 of the float32 values, little-endian, row-major in the catalog's weight shape.
 */
export interface WeightsFile {
  format: 1;
  spec: ModelSpec;
  weights: Record<string, Record<string, { shape: number[]; data: string }>>;
}

export interface LoadedWeights {
  spec: ModelSpec;
  weights: Record<string, Record<string, { shape: number[]; values: Float32Array }>>;
}

export class WeightsFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WeightsFileError';
  }
}

export function serializeWeights(model: Model): WeightsFile {
  const weights: WeightsFile['weights'] = {};
  for (const { nodeId, def, variable } of model.weights) {
    const values = variable.dataSync() as Float32Array;
    const bytes = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
    (weights[nodeId] ??= {})[def.name] = { shape: [...variable.shape], data: bytes.toString('base64') };
  }
  return { format: 1, spec: model.spec, weights };
}

/** Writes weights.json; returns its size in bytes. */
export function saveWeights(model: Model, path: string): number {
  mkdirSync(dirname(path), { recursive: true });
  const text = JSON.stringify(serializeWeights(model));
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
  const file = parsed as Partial<WeightsFile>;
  if (file?.format !== 1) throw new WeightsFileError(`${path}: "format" must be 1, got ${JSON.stringify(file?.format)}`);
  const spec = modelSpecSchema.safeParse(file.spec);
  if (!spec.success) throw new WeightsFileError(`${path}: "spec" is not a valid model spec`);
  const weights: LoadedWeights['weights'] = {};
  for (const [nodeId, named] of Object.entries(file.weights ?? {})) {
    for (const [name, entry] of Object.entries(named)) {
      const bytes = Buffer.from(entry.data, 'base64');
      const size = entry.shape.reduce((a, b) => a * b, 1);
      if (bytes.length !== size * 4) {
        throw new WeightsFileError(`${path}: weights.${nodeId}.${name} holds ${bytes.length / 4} values, its shape ${entry.shape.join('×')} needs ${size}`);
      }
      const values = new Float32Array(size);
      new Uint8Array(values.buffer).set(bytes);
      (weights[nodeId] ??= {})[name] = { shape: entry.shape, values };
    }
  }
  return { spec: spec.data, weights };
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
