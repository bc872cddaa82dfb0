import { backend_util, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../native';
import { channelsLast, wasmConv2DBackpropFilter } from './conv-backprop';
import { NATIVE_ACT, biasAndActivation, runStock } from './stock';
import { f32Offset, heapBuffer, heapF32, sizeOf, type WasmBackendLike } from './wasm-heap';

type Pad = 'same' | 'valid' | number | backend_util.ExplicitPadding;
type Rounding = 'floor' | 'round' | 'ceil' | undefined;
type Shape4 = [number, number, number, number];

/** Shape arguments in the order the addon's ConvShape reads them. */
function convShapeArgs(ci: backend_util.Conv2DInfo): number[] {
  return [
    ci.batchSize, ci.inHeight, ci.inWidth, ci.inChannels,
    ci.outHeight, ci.outWidth, ci.outChannels,
    ci.filterHeight, ci.filterWidth,
    ci.strideHeight, ci.strideWidth, ci.dilationHeight, ci.dilationWidth,
    ci.padInfo.top, ci.padInfo.left,
  ];
}

function forwardInfo(x: TensorInfo, filterShape: number[], attrs: NamedAttrMap): backend_util.Conv2DInfo {
  return backend_util.computeConv2DInfo(
    x.shape as Shape4, filterShape as Shape4, attrs.strides as [number, number],
    (attrs.dilations as [number, number] | number | undefined) ?? 1, attrs.pad as Pad,
    attrs.dimRoundingMode as Rounding, false, 'channelsLast',
  );
}

/** Conv2D and FusedConv2D (NHWC) via im2col + sgemm with a fused bias/activation epilogue. */
export function nativeConv2D(
  backend: WasmBackendLike, addon: NativeAddon, inputs: Record<string, TensorInfo>, attrs: NamedAttrMap, fused: boolean,
): TensorInfo {
  const { x, filter } = inputs;
  if (!channelsLast(attrs)) return runStock(fused ? 'FusedConv2D' : 'Conv2D', backend, inputs, attrs);
  const ci = forwardInfo(x, filter.shape, attrs);
  const activation = fused ? ((attrs.activation as string | undefined) ?? 'linear') : 'linear';
  const bias = fused ? inputs.bias : undefined;
  const alpha = (attrs.leakyreluAlpha as number | undefined) ?? 0.2;
  const biasSize = bias == null ? 0 : sizeOf(bias.shape);
  const fuse = activation in NATIVE_ACT &&
    (bias == null || biasSize === 1 || (biasSize === ci.outChannels && bias.shape[bias.shape.length - 1] === ci.outChannels));
  const out = backend.makeOutput(ci.outShape, 'float32');
  addon.conv2d(
    heapBuffer(backend), f32Offset(backend, x), f32Offset(backend, filter), f32Offset(backend, out),
    fuse && bias != null ? f32Offset(backend, bias) : -1, fuse ? biasSize : 0,
    fuse ? NATIVE_ACT[activation] : 0, alpha, ...convShapeArgs(ci),
  );
  if (fuse) return out;
  return biasAndActivation(backend, out, bias, activation, inputs.preluActivationWeights, alpha);
}

export function nativeConv2DBackpropInput(
  backend: WasmBackendLike, addon: NativeAddon, inputs: Record<string, TensorInfo>, attrs: NamedAttrMap,
): TensorInfo {
  const { dy, filter } = inputs;
  if (!channelsLast(attrs)) return runStock('Conv2DBackpropInput', backend, inputs, attrs);
  const ci = backend_util.computeConv2DInfo(
    attrs.inputShape as Shape4, filter.shape as Shape4, attrs.strides as [number, number], 1, attrs.pad as Pad,
    attrs.dimRoundingMode as Rounding, false, 'channelsLast',
  );
  const dx = backend.makeOutput(ci.inShape, 'float32');
  addon.conv2dBackpropInput(
    heapBuffer(backend), f32Offset(backend, dy), f32Offset(backend, filter), f32Offset(backend, dx), ...convShapeArgs(ci),
  );
  return dx;
}

function backpropFilterInfo(x: TensorInfo, attrs: NamedAttrMap): backend_util.Conv2DInfo {
  return backend_util.computeConv2DInfo(
    x.shape as Shape4, attrs.filterShape as Shape4, attrs.strides as [number, number], 1, attrs.pad as Pad,
    attrs.dimRoundingMode as Rounding, false, 'channelsLast',
  );
}

export function nativeConv2DBackpropFilter(
  backend: WasmBackendLike, addon: NativeAddon, inputs: Record<string, TensorInfo>, attrs: NamedAttrMap,
): TensorInfo {
  const { x, dy } = inputs;
  if (!channelsLast(attrs)) return wasmConv2DBackpropFilter(backend, inputs, attrs);
  const ci = backpropFilterInfo(x, attrs);
  const dw = backend.makeOutput(ci.filterShape, 'float32');
  addon.conv2dBackpropFilter(
    heapBuffer(backend), f32Offset(backend, x), f32Offset(backend, dy), f32Offset(backend, dw), ...convShapeArgs(ci),
  );
  return dw;
}

/**
 * XNNPACK computes TensorFlow 'same' padding as (out − 1)·stride + kernel − in in unsigned
 * arithmetic. Where the kernel is smaller than the stride that can be negative (a 1×5 kernel,
 * stride 2, even height: −1), and it wraps to a huge pad instead of 0, so the output is garbage.
 */
export function xnnSamePaddingWraps(ci: backend_util.Conv2DInfo): boolean {
  return (ci.outHeight - 1) * ci.strideHeight + ci.effectiveFilterHeight < ci.inHeight ||
    (ci.outWidth - 1) * ci.strideWidth + ci.effectiveFilterWidth < ci.inWidth;
}

function hasNoPadding(ci: backend_util.Conv2DInfo): boolean {
  const { top, bottom, left, right } = ci.padInfo;
  return top === 0 && bottom === 0 && left === 0 && right === 0;
}

/** im2col rows [P, K] of an NHWC input, written straight into a wasm-heap tensor. */
function im2colJs(backend: WasmBackendLike, x: TensorInfo, ci: backend_util.Conv2DInfo): TensorInfo {
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: cin, outHeight: oh, outWidth: ow } = ci;
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = ci;
  const K = kh * kw * cin;
  const P = n * oh * ow;
  const col = backend.makeOutput([1, P, K], 'float32');
  const heap = heapF32(backend);
  const xo = f32Offset(backend, x);
  const co = f32Offset(backend, col);
  heap.fill(0, co, co + P * K);
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        const rowBase = co + ((b * oh + oy) * ow + ox) * K;
        for (let ky = 0; ky < kh; ky++) {
          const iy = oy * sh - ci.padInfo.top + ky * dh;
          if (iy < 0 || iy >= h) continue;
          for (let kx = 0; kx < kw; kx++) {
            const ix = ox * sw - ci.padInfo.left + kx * dw;
            if (ix < 0 || ix >= w) continue;
            const src = xo + ((b * h + iy) * w + ix) * cin;
            const dst = rowBase + (ky * kw + kx) * cin;
            for (let c = 0; c < cin; c++) heap[dst + c] = heap[src + c];
          }
        }
      }
    }
  }
  return col;
}

/**
 * Conv2D / FusedConv2D without the addon. The stock XNNPACK kernel is used for 'valid' and most
 * 'same' padding. It corrupts the wasm heap with explicit (numeric) padding and mispads 'same'
 * where the kernel is smaller than the stride (see xnnSamePaddingWraps); such 'same' convolutions
 * that pad nothing are the same as 'valid' ones, the rest go through im2col + XNNPACK matmul.
 */
export function wasmConv2D(
  backend: WasmBackendLike, inputs: Record<string, TensorInfo>, attrs: NamedAttrMap, fused: boolean,
): TensorInfo {
  const stock = fused ? 'FusedConv2D' : 'Conv2D';
  if (attrs.pad === 'valid' || !channelsLast(attrs)) return runStock(stock, backend, inputs, attrs);
  const { x, filter } = inputs;
  const ci = forwardInfo(x, filter.shape, attrs);
  if (attrs.pad === 'same' && !xnnSamePaddingWraps(ci)) return runStock(stock, backend, inputs, attrs);
  if (attrs.pad === 'same' && hasNoPadding(ci)) return runStock(stock, backend, inputs, { ...attrs, pad: 'valid' });
  const K = ci.filterHeight * ci.filterWidth * ci.inChannels;
  const col = im2colJs(backend, x, ci);
  const w3 = { ...filter, shape: [1, K, ci.outChannels] };
  const y = runStock('BatchMatMul', backend, { a: col, b: w3 }, { transposeA: false, transposeB: false });
  backend.disposeData(col.dataId);
  y.shape = [...ci.outShape];
  if (!fused) return y;
  return biasAndActivation(
    backend, y, inputs.bias, (attrs.activation as string | undefined) ?? 'linear', inputs.preluActivationWeights,
    (attrs.leakyreluAlpha as number | undefined) ?? 0.2,
  );
}
