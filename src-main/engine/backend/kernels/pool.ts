import { backend_util, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../native';
import { runStock } from './stock';
import { f32Offset, heapBuffer, heapF32, type WasmBackendLike } from './wasm-heap';

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

/** The window of output (oy, ox) clipped to the input: rows [y0, y1), columns [x0, x1). */
interface Window {
  y0: number;
  y1: number;
  x0: number;
  x1: number;
}

function windowAt(pi: backend_util.Conv2DInfo, oy: number, ox: number, out: Window): void {
  const top = oy * pi.strideHeight - pi.padInfo.top;
  const left = ox * pi.strideWidth - pi.padInfo.left;
  out.y0 = Math.max(0, top);
  out.y1 = Math.min(pi.inHeight, top + pi.filterHeight);
  out.x0 = Math.max(0, left);
  out.x1 = Math.min(pi.inWidth, left + pi.filterWidth);
}

/**
 * MaxPool / AvgPool for the wasm-only kernel set. The stock XNNPACK kernels agree with the cpu
 * backend for 'same' and 'valid' padding (the kernel tests check many shapes, 1×1 windows with
 * stride 2 among them) and are ~10× faster than JavaScript; with numeric padding they write out of
 * bounds, so those shapes are pooled here.
 */
export function wasmPool(
  backend: WasmBackendLike, kernel: 'MaxPool' | 'AvgPool', inputs: Record<string, TensorInfo>, attrs: NamedAttrMap,
): TensorInfo {
  const { x } = inputs;
  if (x.dtype !== 'float32' || attrs.pad === 'same' || attrs.pad === 'valid') return runStock(kernel, backend, inputs, attrs);
  const pi = poolInfo(x.shape, attrs);
  const out = backend.makeOutput(pi.outShape, 'float32');
  const heap = heapF32(backend);
  const xo = f32Offset(backend, x);
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow } = pi;
  const max = kernel === 'MaxPool';
  const win: Window = { y0: 0, y1: 0, x0: 0, x1: 0 };
  let dst = f32Offset(backend, out);
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++, dst += c) {
        windowAt(pi, oy, ox, win);
        const count = (win.y1 - win.y0) * (win.x1 - win.x0);
        for (let ch = 0; ch < c; ch++) {
          let acc = max ? -Infinity : 0;
          for (let iy = win.y0; iy < win.y1; iy++) {
            const row = xo + ((b * h + iy) * w) * c + ch;
            for (let ix = win.x0; ix < win.x1; ix++) {
              const v = heap[row + ix * c];
              if (max) acc = v > acc ? v : acc;
              else acc += v;
            }
          }
          heap[dst + ch] = max ? acc : count > 0 ? acc / count : 0;
        }
      }
    }
  }
  return out;
}

/**
 * MaxPoolGrad / AvgPoolGrad in JavaScript on the wasm heap (the stock MaxPoolGrad is slower).
 * The gradient of a max window goes to its first largest input, as in tfjs-backend-cpu.
 */
export function jsPoolGrad(
  backend: WasmBackendLike, kernel: 'MaxPoolGrad' | 'AvgPoolGrad', inputs: Record<string, TensorInfo>, attrs: NamedAttrMap,
): TensorInfo {
  const { dy, input } = inputs;
  if (input.dtype !== 'float32') return runStock(kernel, backend, inputs, attrs);
  const pi = poolInfo(input.shape, attrs);
  const dx = backend.makeOutput(input.shape, 'float32');
  const heap = heapF32(backend);
  const xo = f32Offset(backend, input);
  const dxo = f32Offset(backend, dx);
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow } = pi;
  heap.fill(0, dxo, dxo + n * h * w * c);
  const max = kernel === 'MaxPoolGrad';
  const mult = 1 / (pi.filterHeight * pi.filterWidth);
  const rowStep = w * c;
  const win: Window = { y0: 0, y1: 0, x0: 0, x1: 0 };
  let g = f32Offset(backend, dy);
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++, g += c) {
        windowAt(pi, oy, ox, win);
        // offsets from the input's start of the window's first element and of the end of its rows
        const start = ((b * h + win.y0) * w + win.x0) * c;
        const rowsEnd = start + (win.y1 - win.y0) * rowStep;
        const width = (win.x1 - win.x0) * c;
        for (let ch = 0; ch < c; ch++) {
          if (!max) {
            const share = heap[g + ch] * mult;
            for (let row = start + ch; row < rowsEnd; row += rowStep) {
              for (let at = row; at < row + width; at += c) heap[dxo + at] += share;
            }
            continue;
          }
          let best = -Infinity;
          let arg = -1;
          for (let row = start + ch; row < rowsEnd; row += rowStep) {
            for (let at = row; at < row + width; at += c) {
              const v = heap[xo + at];
              if (v > best) {
                best = v;
                arg = at;
              }
            }
          }
          if (arg >= 0) heap[dxo + arg] += heap[g + ch];
        }
      }
    }
  }
  return dx;
}
