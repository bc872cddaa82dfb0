import { backend_util, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../native';
import { runStock } from './stock';
import { f32Offset, heapBuffer, type WasmBackendLike } from './wasm-heap';

type Pad = 'same' | 'valid' | number | backend_util.ExplicitPadding;
type Rounding = 'floor' | 'round' | 'ceil' | undefined;
const MAX = 0;
const AVG = 1;

function poolInfo(xShape: number[], attrs: NamedAttrMap): backend_util.Conv2DInfo {
  return backend_util.computePool2DInfo(
    xShape as [number, number, number, number], attrs.filterSize as [number, number] | number,
    attrs.strides as [number, number] | number, 1, attrs.pad as Pad, attrs.dimRoundingMode as Rounding,
  );
}

function shapeArgs(pi: backend_util.Conv2DInfo): number[] {
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
  addon.pool(heapBuffer(backend), kernel === 'MaxPool' ? MAX : AVG, f32Offset(backend, x), f32Offset(backend, out), ...shapeArgs(pi));
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
    f32Offset(backend, dx), ...shapeArgs(pi),
  );
  return dx;
}
