import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src-main/engine/backend';
import type { ModelSpec } from '../../../src-shared/network/types';
import { parseTrainConfig } from '../../../src-shared/config/validate';
import type { TrainConfig, TrainConfigInput } from '../../../src-shared/config/schema';

/** The backend the trainer uses (wasm with LayerLab's kernels, or whatever initBackend picks). */
export async function useTrainerBackend(): Promise<string> {
  const info = await initBackend();
  return info.name;
}

type NodeInput = { id: string; kind: string; params?: Record<string, unknown> };

/** A chain spec: each node feeds the next. */
export function chainSpec(nodes: NodeInput[], name = 'test'): ModelSpec {
  return {
    format: 1,
    name,
    nodes: nodes.map((node) => ({ id: node.id, kind: node.kind, params: node.params ?? {} })),
    edges: nodes.slice(1).map((node, i) => ({ from: nodes[i].id, to: node.id })),
  };
}

export function spiralsMlp(hidden = 32, dropout = 0): ModelSpec {
  return chainSpec([
    { id: 'in', kind: 'input', params: { shape: [2] } },
    { id: 'h1', kind: 'dense', params: { units: hidden, activation: 'relu' } },
    ...(dropout > 0 ? [{ id: 'drop1', kind: 'dropout', params: { rate: dropout } }] : []),
    { id: 'h2', kind: 'dense', params: { units: hidden, activation: 'relu' } },
    { id: 'out', kind: 'dense', params: { units: 2, activation: 'softmax' } },
  ]);
}

export function config(input: TrainConfigInput = {}): TrainConfig {
  return parseTrainConfig(input);
}

export function values(tensor: tf.Tensor): number[] {
  return Array.from(tensor.dataSync());
}

export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 1e-5): void {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} ≠ expected ${expected.length}`);
  for (let i = 0; i < actual.length; i++) {
    if (!(Math.abs(actual[i] - expected[i]) <= tolerance * Math.max(1, Math.abs(expected[i])))) {
      throw new Error(`value ${i}: ${actual[i]} ≠ expected ${expected[i]} (±${tolerance})\nactual:   ${Array.from(actual).join(', ')}\nexpected: ${Array.from(expected).join(', ')}`);
    }
  }
}
