import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { applyMaxNorm, maxNormTargets } from '../../../src-main/engine/max-norm';
import { buildModel } from '../../../src-main/engine/model';
import { chainSpec, config, expectClose, useTrainerBackend, values } from './helpers';

beforeAll(useTrainerBackend);

const spec = chainSpec([
  { id: 'in', kind: 'input', params: { shape: [4, 4, 1] } },
  { id: 'conv', kind: 'conv2d', params: { filters: 2, kernelSize: 2 } },
  { id: 'flat', kind: 'flatten' },
  { id: 'fc', kind: 'dense', params: { units: 2 } },
  { id: 'out', kind: 'dense', params: { units: 3, activation: 'softmax' } },
]);

describe('max-norm on each unit’s incoming weights', () => {
  test('dense kernel columns above the bound are scaled onto it, those below are untouched', () => {
    const model = buildModel(spec, config().init, 1);
    const [target] = maxNormTargets(model, { limit: 5, measure: 'norm', nodes: ['out'] }).filter((w) => w.def.role === 'kernel');
    target.variable.assign(tf.tensor2d([[3, 1, 6], [4, 0, 8]]));
    tf.tidy(() => applyMaxNorm([target], { limit: 5, measure: 'norm' }));
    // column 0: ‖(3,4)‖ = 5 stays; column 1: ‖(1,0)‖ = 1 stays; column 2: ‖(6,8)‖ = 10 → (3, 4)
    expectClose(values(target.variable), [3, 1, 3, 4, 0, 4]);
    model.dispose();
  });

  test("'squared-length' bounds ‖w‖² (so ‖w‖ ≤ √limit)", () => {
    const model = buildModel(spec, config().init, 1);
    const [target] = maxNormTargets(model, { limit: 4, measure: 'squared-length', nodes: ['fc'] });
    // kernel [18, 2] (conv output 3×3×2 flattened): column 0 has nine ones, column 1 is zero.
    const kernel = Array.from({ length: 36 }, (_, i) => (i % 2 === 0 && i < 18 ? 1 : 0));
    target.variable.assign(tf.tensor2d(kernel, [18, 2]));
    tf.tidy(() => applyMaxNorm([target], { limit: 4, measure: 'squared-length' }));
    // column 0: ‖w‖ = 3 > √4 = 2 → its ones become 2/3; column 1 is zero and stays.
    const result = values(target.variable);
    expectClose(result.filter((_, i) => i % 2 === 0), [...Array(9).fill(2 / 3), ...Array(9).fill(0)]);
    expect(result.filter((_, i) => i % 2 === 1).every((v) => v === 0)).toBe(true);
    model.dispose();
  });

  test('conv filters: the norm runs over kernel height, width and input channels', () => {
    const model = buildModel(spec, config().init, 1);
    const [target] = maxNormTargets(model, { limit: 1, measure: 'norm', nodes: ['conv'] });
    // [2, 2, 1, 2]: filter 0 all 1 (norm 2), filter 1 all 0.25 (norm 0.5)
    target.variable.assign(tf.tensor4d([1, 0.25, 1, 0.25, 1, 0.25, 1, 0.25], [2, 2, 1, 2]));
    tf.tidy(() => applyMaxNorm([target], { limit: 1, measure: 'norm' }));
    expectClose(values(target.variable), [0.5, 0.25, 0.5, 0.25, 0.5, 0.25, 0.5, 0.25]);
    model.dispose();
  });

  test('default targets: every dense and conv2d kernel, never a bias; unknown ids are named', () => {
    const model = buildModel(spec, config().init, 1);
    const targets = maxNormTargets(model, { limit: 3, measure: 'norm' });
    expect(targets.map((t) => `${t.nodeId}.${t.def.name}`)).toEqual(['conv.kernel', 'fc.kernel', 'out.kernel']);
    expect(() => maxNormTargets(model, { limit: 3, measure: 'norm', nodes: ['flat'] })).toThrow(/"flat" is not a dense or conv2d node.*conv, fc, out/);
    model.dispose();
  });
});
