import { describe, expect, it } from 'vitest';
import { analyzeSpec, getLayerKind, LAYER_KINDS, type LayerKindDef, type Params } from '../../../src-shared/network';
import { resolveParams } from '../../../src-shared/network/params';
import { chain } from './build';

/** Runs one layer of `kind` on the given input shapes, params filled with defaults as the analyzer does. */
function run(kind: string, inputs: number[][], given: Params = {}) {
  const def = getLayerKind(kind) as LayerKindDef;
  const { params, issues } = resolveParams(def, given, 'x');
  expect(issues).toEqual([]);
  const weights = def.weights(inputs, params);
  return {
    shape: def.outputShape(inputs, params),
    weightShapes: Object.fromEntries(weights.map((w) => [w.name, w.shape])),
    weights,
    params: weights.reduce((sum, w) => sum + w.shape.reduce((a, b) => a * b, 1), 0),
    flops: def.flops(inputs, params),
  };
}

describe('layer catalog', () => {
  it('has the ten kinds, each once', () => {
    expect(LAYER_KINDS.map((def) => def.kind)).toEqual([
      'input', 'dense', 'conv2d', 'maxpool2d', 'avgpool2d', 'flatten', 'reshape', 'dropout', 'activation', 'concatenate',
    ]);
    expect(getLayerKind('nope')).toBeUndefined();
  });

  it('has the agreed parameter names and defaults', () => {
    const defaults = Object.fromEntries(LAYER_KINDS.map((def) => [def.kind, Object.fromEntries(def.params.map((p) => [p.name, p.default]))]));
    expect(defaults).toEqual({
      input: { shape: [28, 28, 1] },
      dense: { units: 128, activation: 'linear', useBias: true },
      conv2d: { filters: 32, kernelSize: 3, stride: 1, padding: 'valid', activation: 'linear', useBias: true },
      maxpool2d: { poolSize: 2, stride: null, padding: 'valid' },
      avgpool2d: { poolSize: 2, stride: null, padding: 'valid' },
      flatten: {},
      reshape: { targetShape: [-1] },
      dropout: { rate: 0.5 },
      activation: { fn: 'relu' },
      concatenate: { axis: -1 },
    });
  });
});

describe('input', () => {
  it('outputs its shape and has no weights', () => {
    expect(run('input', [], { shape: [5, 7, 3] })).toMatchObject({ shape: [5, 7, 3], params: 0, flops: 0 });
  });
});

describe('dense', () => {
  it('784 → 800 relu: 784·800 + 800 = 628,000 params; 2·784·800 + 800 (bias) + 800 (relu) = 1,256,000 FLOPs', () => {
    const out = run('dense', [[784]], { units: 800, activation: 'relu' });
    expect(out.shape).toEqual([800]);
    expect(out.weightShapes).toEqual({ kernel: [784, 800], bias: [800] });
    expect(out.params).toBe(628_000);
    expect(out.flops).toBe(1_256_000);
    expect(out.weights[0]).toMatchObject({ role: 'kernel', fanIn: 784, fanOut: 800 });
  });

  it('without bias, linear, 800 → 10: 8,000 params; 2·800·10 = 16,000 FLOPs', () => {
    const out = run('dense', [[800]], { units: 10, useBias: false });
    expect(out.params).toBe(8_000);
    expect(out.flops).toBe(16_000);
  });

  it('softmax adds 3 FLOPs per unit: 2·100·10 + 10 + 3·10 = 2,040', () => {
    expect(run('dense', [[100]], { units: 10, activation: 'softmax' }).flops).toBe(2_040);
  });

  it('refuses an input with more than one axis and suggests a flatten', () => {
    expect(() => run('dense', [[28, 28, 1]])).toThrow('dense needs a flat input (one axis) but gets 28×28×1; insert a flatten before it');
  });
});

describe('conv2d', () => {
  it('28×28×1, 32 filters 3×3 valid → 26×26×32; 3·3·1·32 + 32 = 320 params', () => {
    const out = run('conv2d', [[28, 28, 1]]);
    expect(out.shape).toEqual([26, 26, 32]);
    expect(out.weightShapes).toEqual({ kernel: [3, 3, 1, 32], bias: [32] });
    expect(out.params).toBe(320);
    // 26·26·32 = 21,632 outputs, each 3·3·1 multiply-adds (18 FLOPs) plus a bias add: 21,632·19 = 411,008
    expect(out.flops).toBe(411_008);
    expect(out.weights[0]).toMatchObject({ fanIn: 9, fanOut: 288 });
  });

  it('same padding, stride 2: ceil(28/2) = 14; 5·5·3·8 + 8 = 608 params', () => {
    const out = run('conv2d', [[28, 28, 3]], { filters: 8, kernelSize: 5, stride: 2, padding: 'same' });
    expect(out.shape).toEqual([14, 14, 8]);
    expect(out.params).toBe(608);
  });

  it('valid padding, stride 2: floor((28 − 5)/2) + 1 = 12; relu costs one FLOP per output', () => {
    const out = run('conv2d', [[28, 28, 3]], { filters: 8, kernelSize: 5, stride: 2, activation: 'relu', useBias: false });
    expect(out.shape).toEqual([12, 12, 8]);
    expect(out.params).toBe(600); // 5·5·3·8, no bias
    // 12·12·8 = 1,152 outputs · (2·5·5·3 = 150) = 172,800, + 1,152 for relu
    expect(out.flops).toBe(173_952);
  });

  it('same padding allows a kernel larger than the input', () => {
    expect(run('conv2d', [[3, 3, 1]], { kernelSize: 5, padding: 'same' }).shape).toEqual([3, 3, 32]);
  });

  it('refuses a flat input and suggests the reshape', () => {
    expect(() => run('conv2d', [[784]])).toThrow('insert a reshape to 28×28×1 before it');
  });
});

describe.each(['maxpool2d', 'avgpool2d'])('%s', (kind) => {
  it('24×24×8, pool 2 → 12×12×8, no params; 12·12·8 outputs · 2·2 window = 4,608 FLOPs', () => {
    const out = run(kind, [[24, 24, 8]]);
    expect(out).toMatchObject({ shape: [12, 12, 8], params: 0, flops: 4_608 });
  });

  it('pool 3 stride 2 on 7×7: valid floor((7 − 3)/2) + 1 = 3, same ceil(7/2) = 4', () => {
    expect(run(kind, [[7, 7, 2]], { poolSize: 3, stride: 2 }).shape).toEqual([3, 3, 2]);
    expect(run(kind, [[7, 7, 2]], { poolSize: 3, stride: 2, padding: 'same' }).shape).toEqual([4, 4, 2]);
  });

  it('a window larger than the input is an error with valid padding', () => {
    expect(() => run(kind, [[2, 2, 4]], { poolSize: 3 })).toThrow('pool size 3 is larger than its 2x2 input');
  });
});

describe('flatten, reshape, dropout, activation', () => {
  it('flatten 7×7×64 → 3,136', () => {
    expect(run('flatten', [[7, 7, 64]])).toMatchObject({ shape: [3136], params: 0, flops: 0 });
  });

  it('reshape 784 → 28×28×1, and infers -1: 7·7·2 = 98 values → [?, 7] = [14, 7]', () => {
    expect(run('reshape', [[784]], { targetShape: [28, 28, 1] }).shape).toEqual([28, 28, 1]);
    expect(run('reshape', [[7, 7, 2]], { targetShape: [-1, 7] }).shape).toEqual([14, 7]);
    expect(run('reshape', [[7, 7, 2]]).shape).toEqual([98]);
  });

  it('reshape refuses a different number of values', () => {
    expect(() => run('reshape', [[784]], { targetShape: [27, 28] })).toThrow('cannot reshape 784 (784 values) to 27×28 (756 values)');
    expect(() => run('reshape', [[784]], { targetShape: [-1, 5] })).toThrow('784 is not a multiple of 5');
  });

  it('dropout keeps the shape and costs nothing at inference', () => {
    expect(run('dropout', [[800]], { rate: 0.2 })).toMatchObject({ shape: [800], params: 0, flops: 0 });
  });

  it('activation keeps the shape; softmax over 10 values is 3·10 = 30 FLOPs, relu over 4×4×2 is 32', () => {
    expect(run('activation', [[10]], { fn: 'softmax' })).toMatchObject({ shape: [10], flops: 30 });
    expect(run('activation', [[4, 4, 2]])).toMatchObject({ shape: [4, 4, 2], flops: 32 });
  });
});

describe('concatenate', () => {
  it('joins on the last axis by default: 14×14×8 ⊕ 14×14×16 → 14×14×24', () => {
    expect(run('concatenate', [[14, 14, 8], [14, 14, 16]]).shape).toEqual([14, 14, 24]);
  });

  it('joins on axis 0 and on three inputs', () => {
    expect(run('concatenate', [[3, 5], [4, 5], [1, 5]], { axis: 0 }).shape).toEqual([8, 5]);
  });

  it('refuses shapes that differ off the axis, and an axis the shape lacks', () => {
    expect(() => run('concatenate', [[14, 14, 8], [7, 7, 8]])).toThrow('input 2 is 7×7×8 but input 1 is 14×14×8; they must agree on every axis except axis -1');
    expect(() => run('concatenate', [[10], [5]], { axis: 1 })).toThrow('axis 1 does not exist in a 10 input; use -1 to 0');
  });
});

describe('totals through analyzeSpec', () => {
  it('sums params and FLOPs over the nodes of a small CNN', () => {
    const analysis = analyzeSpec(
      chain(
        ['in', 'input'],
        ['c1', 'conv2d', { filters: 8, kernelSize: 5 }],
        ['p1', 'maxpool2d'],
        ['f', 'flatten'],
        ['fc', 'dense', { units: 10 }],
      ),
    );
    expect(analysis.issues).toEqual([]);
    // c1: 28×28×1 → 24×24×8, 5·5·1·8 + 8 = 208 params; 24·24·8 = 4,608 outputs · (50 + 1) = 235,008 FLOPs
    // p1: → 12×12×8, 1,152 outputs · 4 = 4,608 FLOPs; f: 1,152
    // fc: 1,152·10 + 10 = 11,530 params; 2·1,152·10 + 10 = 23,050 FLOPs
    expect(analysis.nodes.get('c1')).toMatchObject({ outputShape: [24, 24, 8], paramCount: 208, flops: 235_008 });
    expect(analysis.outputShape).toEqual([10]);
    expect(analysis.totalParams).toBe(208 + 11_530);
    expect(analysis.totalFlops).toBe(235_008 + 4_608 + 23_050);
  });
});
