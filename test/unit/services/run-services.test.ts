import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src-main/services/api-service-types';
import { describeTrainerExit } from '../../../src-main/services/crash-message';
import { defaultDataDir, resolveDataDir } from '../../../src-main/services/data-dir';
import { firstLayerTiles } from '../../../src-main/services/first-layer-weights';
import { validateRunInput } from '../../../src-main/services/run-input';
import { differingSettings, flattenSettings, runParams } from '../../../src-main/services/run-params';
import { parseTrainConfig } from '../../../src-shared/config/validate';
import { analyzeSpec } from '../../../src-shared/network';
import type { ModelSpec } from '../../../src-shared/network/types';

const mlp: ModelSpec = {
  format: 1,
  name: 'mlp',
  nodes: [
    { id: 'in', kind: 'input', params: { shape: [28, 28, 1] } },
    { id: 'flat', kind: 'flatten', params: {} },
    { id: 'h1', kind: 'dense', params: { units: 3, activation: 'relu' } },
    { id: 'out', kind: 'dense', params: { units: 10, activation: 'softmax' } },
  ],
  edges: [
    { from: 'in', to: 'flat' },
    { from: 'flat', to: 'h1' },
    { from: 'h1', to: 'out' },
  ],
};

function badRequest(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('bad-request');
    return (error as Error).message;
  }
  throw new Error('expected a bad-request ApiError');
}

describe('data dir', () => {
  it('is the Electron userData folder of "LayerLab" on each platform', () => {
    expect(defaultDataDir('linux', {}, '/home/ada')).toBe('/home/ada/.config/LayerLab');
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/cfg' }, '/home/ada')).toBe('/cfg/LayerLab');
    expect(defaultDataDir('darwin', {}, '/Users/ada')).toBe('/Users/ada/Library/Application Support/LayerLab');
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, 'C:\\Users\\ada')).toMatch(/Roaming[\\/]LayerLab$/);
  });

  it('prefers --data-dir, then LAYERLAB_DATA_DIR', () => {
    expect(resolveDataDir('/flag', { LAYERLAB_DATA_DIR: '/env' })).toBe('/flag');
    expect(resolveDataDir(undefined, { LAYERLAB_DATA_DIR: '/env' })).toBe('/env');
  });
});

describe('run params', () => {
  it('flatten the config and every node into dotted keys with JSON values', () => {
    const params = runParams(mlp, analyzeSpec(mlp), parseTrainConfig({ learningRate: 0.1 }), { name: 'mnist', trainLimit: 500 });
    expect(params['config.learningRate']).toBe('0.1');
    expect(params['config.optimizer.kind']).toBe('"sgd"');
    expect(params['dataset.trainLimit']).toBe('500');
    expect(params['node.h1.units']).toBe('3');
    expect(params['node.h1.useBias']).toBe('true');
    expect(params['spec.totalParams']).toBe(String(784 * 3 + 3 + 3 * 10 + 10));
    expect(flattenSettings({ a: { b: [1, 2] }, c: null }, 'x')).toEqual({ 'x.a.b': '[1,2]', 'x.c': 'null' });
  });

  it('report only the settings that differ, with a dash where a run lacks one', () => {
    expect(differingSettings([{ a: '1', b: '2' }, { a: '1', b: '3', c: '4' }])).toEqual([
      { path: 'b', values: ['2', '3'] },
      { path: 'c', values: ['—', '4'] },
    ]);
  });
});

describe('run input', () => {
  it('accept a valid run and name it after spec, data and seed', () => {
    const input = validateRunInput({ spec: mlp, config: { seed: 3 }, dataset: { name: 'mnist' } }, '/nonexistent');
    expect(input.name).toBe('mlp · mnist · seed 3');
    expect(input.config.seed).toBe(3);
  });

  it('name the node whose input does not fit the data and the node whose output does not fit the classes', () => {
    const message = badRequest(() => validateRunInput({ spec: mlp, config: {}, dataset: { name: 'spirals' } }, '/nonexistent'));
    expect(message).toMatch(/node "in": input shape 28×28×1 does not match dataset "spirals", whose examples are 2/);
    expect(message).toMatch(/node "out": the network outputs 10 but dataset "spirals" has 2 classes/);
  });

  it('collect spec, config and dataset problems in one message', () => {
    const broken = { ...mlp, nodes: mlp.nodes.map((n) => (n.id === 'h1' ? { ...n, params: { units: -4 } } : n)) };
    const message = badRequest(() =>
      validateRunInput({ spec: broken, config: { learningRate: Number.NaN }, dataset: { name: 'cifar', trainLimit: -1 } }, '/nonexistent'),
    );
    expect(message).toMatch(/node "h1"/);
    expect(message).toMatch(/config\.learningRate/);
    expect(message).toMatch(/dataset\.trainLimit/);
  });

  it('name an unknown dataset and list the built-in ones', () => {
    expect(badRequest(() => validateRunInput({ spec: mlp, config: {}, dataset: { name: 'cifar' } }, '/nonexistent'))).toMatch(
      /dataset: unknown dataset "cifar"; built in: mnist, spirals, blobs/,
    );
  });
});

describe('first-layer weights', () => {
  it('reshape unit j of a dense layer after a 28×28×1 flatten into a 28×28 tile', () => {
    const units = 3;
    const kernel = new Float32Array(784 * units);
    for (let i = 0; i < 784; i++) for (let j = 0; j < units; j++) kernel[i * units + j] = j * 1000 + i;
    const tiles = firstLayerTiles(analyzeSpec(mlp), { shape: [784, units], values: kernel })!;
    expect(tiles).toMatchObject({ nodeId: 'h1', units: 3, rows: 28, cols: 28 });
    expect(tiles.values).toHaveLength(3 * 784);
    // unit 2, row 5, col 7 ← input pixel 5·28+7
    expect(tiles.values[2 * 784 + 5 * 28 + 7]).toBe(2000 + 5 * 28 + 7);
  });

  it('give one k×k tile per conv filter, averaging input channels', () => {
    const conv: ModelSpec = {
      format: 1,
      name: 'cnn',
      nodes: [
        { id: 'in', kind: 'input', params: { shape: [8, 8, 2] } },
        { id: 'c1', kind: 'conv2d', params: { filters: 4, kernelSize: 3 } },
      ],
      edges: [{ from: 'in', to: 'c1' }],
    };
    const values = new Float32Array(3 * 3 * 2 * 4);
    for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) for (let ch = 0; ch < 2; ch++) for (let f = 0; f < 4; f++) {
      values[((r * 3 + c) * 2 + ch) * 4 + f] = f * 100 + r * 10 + c + ch;
    }
    const tiles = firstLayerTiles(analyzeSpec(conv), { shape: [3, 3, 2, 4], values })!;
    expect(tiles).toMatchObject({ nodeId: 'c1', units: 4, rows: 3, cols: 3 });
    expect(tiles.values[3 * 9 + 1 * 3 + 2]).toBe(300 + 10 + 2 + 0.5);
  });
});

describe('trainer exit message', () => {
  it('say how the trainer died, when, and how much was saved', () => {
    expect(describeTrainerExit({ code: null, signal: 'SIGKILL', epoch: 1, metricPoints: 37 })).toBe(
      'the trainer process was killed (SIGKILL) during epoch 1; 37 metric points were saved',
    );
    expect(describeTrainerExit({ code: 3, signal: null, epoch: null, metricPoints: 1, lastStderr: 'Error: out of memory' })).toBe(
      'the trainer process exited with code 3 before training started; 1 metric point was saved (its last output: Error: out of memory)',
    );
  });
});
