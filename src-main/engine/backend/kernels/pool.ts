import { backend_util, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../native';
import { runStock } from './stock';
import { f32Offset, heapBuffer, type WasmBackendLike } from './wasm-heap';

type Pad = 'same' | 'valid' | number | backend_util.ExplicitPadding;
type Rounding = 'floor' | 'round' | 'ceil' | undefined;
const MAX = 0;
const AVG = 1;

export function poolInfo(xShape: number[], attrs: NamedAttrMap): backend_util.Conv2DInfo {
  return backend_util.computePool2DInfo(
    xShape as [number, number, number, number], attrs.filterSize as [number, number] | number,
    attrs.strides as [number, number] | number, 1, attrs.pad as Pad, attrs.dimRoundingMode as Rounding,
  );
}

export function poolShapeArgs(pi: backend_util.Conv2DInfo): number[] {
  return [
    pi.batchSize, pi.inHeight, pi.inWidth, pi.inChannels, pi.outHeight, pi.outWidth,
    pi.filterHeight, pi.filterWidth, pi.strideHeight, pi.strideWidth, 1, 1, pi.padInfo.top, pi.padInfo.left,
  ];
}

/** MaxPool / AvgPool forward (NHWC), tfjs-backend-cpu semantics. */
export function nativePool(
  backend: WasmBackendLike, addon: NativeAddon, kernel: 'MaxPool' | 'AvgPool', inputs: Record<string, TensorInfo>,
  attrs: NamedAttrMap,
): TensorInfo {
  const { x } = inputs;
  const pi = poolInfo(x.shape, attrs);
  const out = backend.makeOutput(pi.outShape, 'float32');
  addon.pool(heapBuffer(backend), kernel === 'MaxPool' ? MAX : AVG, f32Offset(backend, x), f32Offset(backend, out), ...poolShapeArgs(pi));
  return out;
}

export function nativePoolGrad(
  backend: WasmBackendLike, addon: NativeAddon, kernel: 'MaxPoolGrad' | 'AvgPoolGrad',
  inputs: Record<string, TensorInfo>, attrs: NamedAttrMap,
): TensorInfo {
  const { dy, input } = inputs;
  if (input.dtype !== 'float32') return runStock(kernel, backend, inputs, attrs);
  const pi = poolInfo(input.shape, attrs);
  const dx = backend.makeOutput(input.shape, 'float32');
  addon.poolGrad(
    heapBuffer(backend), kernel === 'MaxPoolGrad' ? MAX : AVG, f32Offset(backend, input), f32Offset(backend, dy),
    f32Offset(backend, dx), ...poolShapeArgs(pi),
  );
  return dx;
}

/**
 * The same pooling in JavaScript on the wasm heap, for the wasm-only kernel set: the stock wasm
 * pooling kernels disagree with the cpu backend on some shapes (e.g. a 1×1 window with stride 2).
 */
export function jsPool(
  backend: WasmBackendLike, kernel: 'MaxPool' | 'AvgPool', inputs: Record<string, TensorInfo>, attrs: NamedAttrMap,
): TensorInfo {
  const { x } = inputs;
  if (x.dtype !== 'float32') return runStock(kernel, backend, inputs, attrs);
  const pi = poolInfo(x.shape, attrs);
  const out = backend.makeOutput(pi.outShape, 'float32');
  const heap = backend.wasm.HEAPF32;
  const xo = f32Offset(backend, x);
  const yo = f32Offset(backend, out);
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow } = pi;
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = pi;
  const max = kernel === 'MaxPool';
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < oh; oy++) {
      const y0 = oy * sh - pi.padInfo.top;
      for (let ox = 0; ox < ow; ox++) {
        const x0 = ox * sw - pi.padInfo.left;
        const dst = yo + ((b * oh + oy) * ow + ox) * c;
        for (let ch = 0; ch < c; ch++) {
          let acc = max ? -Infinity : 0;
          let count = 0;
          for (let iy = Math.max(0, y0); iy < Math.min(h, y0 + kh); iy++) {
            for (let ix = Math.max(0, x0); ix < Math.min(w, x0 + kw); ix++) {
              const v = heap[xo + ((b * h + iy) * w + ix) * c + ch];
              if (max) acc = v > acc ? v : acc;
              else acc += v;
              count++;
            }
          }
          heap[dst + ch] = max ? acc : count > 0 ? acc / count : 0;
        }
      }
    }
  }
  return out;
}

export function jsPoolGrad(
  backend: WasmBackendLike, kernel: 'MaxPoolGrad' | 'AvgPoolGrad', inputs: Record<string, TensorInfo>, attrs: NamedAttrMap,
): TensorInfo {
  const { dy, input } = inputs;
  if (input.dtype !== 'float32') return runStock(kernel, backend, inputs, attrs);
  const pi = poolInfo(input.shape, attrs);
  const dx = backend.makeOutput(input.shape, 'float32');
  const heap = backend.wasm.HEAPF32;
  const xo = f32Offset(backend, input);
  const gyo = f32Offset(backend, dy);
  const dxo = f32Offset(backend, dx);
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow } = pi;
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = pi;
  heap.fill(0, dxo, dxo + n * h * w * c);
  const max = kernel === 'MaxPoolGrad';
  const mult = 1 / (kh * kw);
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < oh; oy++) {
      const y0 = oy * sh - pi.padInfo.top;
      for (let ox = 0; ox < ow; ox++) {
        const x0 = ox * sw - pi.padInfo.left;
        const g = gyo + ((b * oh + oy) * ow + ox) * c;
        for (let ch = 0; ch < c; ch++) {
          let best = -Infinity;
          let arg = -1;
          for (let iy = Math.max(0, y0); iy < Math.min(h, y0 + kh); iy++) {
            for (let ix = Math.max(0, x0); ix < Math.min(w, x0 + kw); ix++) {
              const idx = ((b * h + iy) * w + ix) * c + ch;
              if (max) {
                const v = heap[xo + idx];
                if (v > best) {
                  best = v;
                  arg = idx;
                }
              } else {
                heap[dxo + idx] += heap[g + ch] * mult;
              }
            }
          }
          if (max && arg >= 0) heap[dxo + arg] += heap[g + ch];
        }
      }
    }
  }
  return dx;
}
