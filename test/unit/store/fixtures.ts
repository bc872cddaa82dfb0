import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTrainConfig } from '../../../src-shared/config/validate';
import type { ModelSpec } from '../../../src-shared/network/types';
import type { NewRun } from '../../../src-main/store';

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'layerlab-store-'));
}

export const tinySpec: ModelSpec = {
  format: 1,
  name: 'tiny',
  nodes: [
    { id: 'in', kind: 'input', params: { shape: [2] } },
    { id: 'out', kind: 'dense', params: { units: 2, activation: 'softmax' } },
  ],
  edges: [{ from: 'in', to: 'out' }],
};

export function newRun(overrides: Partial<NewRun> = {}): NewRun {
  return {
    name: 'tiny on spirals',
    spec: tinySpec,
    config: parseTrainConfig({ epochs: 3, seed: 7 }),
    datasetRef: { name: 'spirals' },
    appVersion: '0.0.0-test',
    params: { 'config.seed': '7', 'config.learningRate': '0.05' },
    ...overrides,
  };
}
