import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../native';
import { NATIVE_ACT } from './stock';
import { jsPoolGrad, nativePoolGrad, poolInfo, poolShapeArgs } from './pool';
import { f32Offset, heapBuffer, sizeOf, type WasmBackendLike } from './wasm-heap';


/**
 * Kernels of LayerLab's own, for the training ops in ../train-ops.ts. They exist only on the wasm
 * backend; elsewhere train-ops falls back to plain tfjs ops.
 */
export const RELU_GRAD = 'LayerLabReluGrad';
export const SGD_MOMENTUM = 'LayerLabSgdMomentum';
export const BIAS_ACT_GRAD = 'LayerLabBiasActGrad';
export const DROPOUT_MASK = 'LayerLabDropoutMask';
export const MAXPOOL_BIAS_ACT_GRAD = 'LayerLabMaxPoolBiasActGrad';

/** dy where y > 0, else 0 (the gradient of relu, from its output). */
export function reluGradKernel(
  backend: WasmBackendLike, addon: NativeAddon | null, inputs: Record<string, TensorInfo>,
): TensorInfo {
  const { dy, y } = inputs;
  const n = sizeOf(y.shape);
  const out = backend.makeOutput([...y.shape], 'float32');
  if (addon != null) {
    addon.reluGrad(heapBuffer(backend), f32Offset(backend, dy), f32Offset(backend, y), f32Offset(backend, out), n);
  } else {
    const heap = backend.wasm.HEAPF32;
    const d = f32Offset(backend, dy);
    const v = f32Offset(backend, y);
    const o = f32Offset(backend, out);
    for (let i = 0; i < n; i++) heap[o + i] = heap[v + i] > 0 ? heap[d + i] : 0;
  }
  return out;
}

/** One SGD-momentum step in one pass: v' = μv + g; w' = w − lr·v'. Outputs [w', v']. */
export function sgdMomentumKernel(
  backend: WasmBackendLike, addon: NativeAddon | null, inputs: Record<string, TensorInfo>, attrs: NamedAttrMap,
): TensorInfo[] {
  const { w, v, g } = inputs;
  const lr = attrs.lr as number;
  const mu = attrs.momentum as number;
  const n = sizeOf(w.shape);
  const wOut = backend.makeOutput([...w.shape], 'float32');
  const vOut = backend.makeOutput([...w.shape], 'float32');
  if (addon != null) {
    addon.sgdMomentum(heapBuffer(backend), f32Offset(backend, w), f32Offset(backend, v), f32Offset(backend, g),
      f32Offset(backend, wOut), f32Offset(backend, vOut), n, lr, mu);
  } else {
    const heap = backend.wasm.HEAPF32;
    const wo = f32Offset(backend, w);
    const vo = f32Offset(backend, v);
    const go = f32Offset(backend, g);
    const w2 = f32Offset(backend, wOut);
    const v2 = f32Offset(backend, vOut);
    const lrF = Math.fround(lr);
    const muF = Math.fround(mu);
    for (let i = 0; i < n; i++) {
      const nv = Math.fround(muF * heap[vo + i] + heap[go + i]);
      heap[v2 + i] = nv;
      heap[w2 + i] = heap[wo + i] - lrF * nv;
    }
  }
  return [wOut, vOut];
}

/**
 * Gradient through activation(z + bias) from the output y: g = act'(y) ⊙ dy and the bias gradient
 * db = Σ over all but the last axis of g, in one pass. Outputs [g, db]. activation: relu | linear
 * (for linear, g shares dy's data).
 */
export function biasActGradKernel(
  backend: WasmBackendLike & { incRef(dataId: object): void }, addon: NativeAddon | null,
  inputs: Record<string, TensorInfo>, attrs: NamedAttrMap,
): TensorInfo[] {
  const { dy, y } = inputs;
  const relu = attrs.activation === 'relu';
  const cols = dy.shape[dy.shape.length - 1];
  const rows = sizeOf(dy.shape) / cols;
  let g: TensorInfo;
  if (relu) {
    g = backend.makeOutput([...dy.shape], 'float32');
  } else {
    backend.incRef(dy.dataId);
    g = { dataId: dy.dataId, shape: [...dy.shape], dtype: dy.dtype };
  }
  const db = backend.makeOutput([cols], 'float32');
  if (addon != null) {
    addon.biasActGrad(heapBuffer(backend), f32Offset(backend, dy), f32Offset(backend, y), relu ? f32Offset(backend, g) : -1,
      f32Offset(backend, db), rows, cols, relu ? NATIVE_ACT.relu : NATIVE_ACT.linear);
    return [g, db];
  }
  const heap = backend.wasm.HEAPF32;
  const d = f32Offset(backend, dy);
  const v = f32Offset(backend, y);
  const o = f32Offset(backend, g);
  const acc = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) {
      let val = heap[d + base + c];
      if (relu) {
        val = heap[v + base + c] > 0 ? val : 0;
        heap[o + base + c] = val;
      }
      acc[c] += val;
    }
  }
  heap.set(acc, f32Offset(backend, db));
  return [g, db];
}

/** mulberry32 keep-mask, scaled by 1/keep; the same numbers as dropoutMaskValues in ../train-ops.ts. */
export function dropoutMaskKernel(backend: WasmBackendLike, addon: NativeAddon | null, attrs: NamedAttrMap): TensorInfo {
  const shape = attrs.shape as number[];
  const keep = attrs.keep as number;
  const seed = (attrs.seed as number) >>> 0;
  const n = sizeOf(shape);
  const out = backend.makeOutput([...shape], 'float32');
  if (addon != null) {
    addon.dropoutMask(heapBuffer(backend), f32Offset(backend, out), n, keep, seed);
  } else {
    fillDropoutMask(backend.wasm.HEAPF32, f32Offset(backend, out), n, keep, seed);
  }
  return out;
}

export function fillDropoutMask(target: Float32Array, offset: number, n: number, keep: number, seed: number): void {
  let a = seed >>> 0;
  const scale = Math.fround(1 / keep);
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const r = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    target[offset + i] = r < keep ? scale : 0;
  }
}

/**
 * Backward of maxPool(activation(z + bias)) from the pool's output gradient and the activation
 * output y: [g (gradient of z), db]. One native pass when the windows tile the input; otherwise
 * MaxPoolGrad then the activation/bias gradient.
 */
export function maxPoolBiasActGradKernel(
  backend: WasmBackendLike & { incRef(dataId: object): void }, addon: NativeAddon | null,
  inputs: Record<string, TensorInfo>, attrs: NamedAttrMap,
): TensorInfo[] {
  const { dy, y } = inputs;
  const relu = attrs.activation === 'relu';
  if (addon != null) {
    const pi = poolInfo(y.shape, attrs);
    const g = backend.makeOutput([...y.shape], 'float32');
    const db = backend.makeOutput([y.shape[y.shape.length - 1]], 'float32');
    const ok = addon.maxPoolBiasActGrad(heapBuffer(backend), f32Offset(backend, y), f32Offset(backend, dy),
      f32Offset(backend, g), f32Offset(backend, db), relu ? NATIVE_ACT.relu : NATIVE_ACT.linear, ...poolShapeArgs(pi));
    if (ok) return [g, db];
    backend.disposeData(g.dataId);
    backend.disposeData(db.dataId);
  }
  const poolInputs = { dy, input: y, output: y };
  const dPool = addon != null
    ? nativePoolGrad(backend, addon, 'MaxPoolGrad', poolInputs, attrs)
    : jsPoolGrad(backend, 'MaxPoolGrad', poolInputs, attrs);
  const out = biasActGradKernel(backend, addon, { dy: dPool, y }, attrs);
  backend.disposeData(dPool.dataId);
  return out;
}
