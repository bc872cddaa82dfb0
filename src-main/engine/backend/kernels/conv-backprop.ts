import { backend_util, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs-core';
import { wasmMatMul } from './matmul';
import { runStock } from './stock';
import { f32Offset, heapF32, sizeOf, type WasmBackendLike } from './wasm-heap';

type Pad = 'same' | 'valid' | number | backend_util.ExplicitPadding;
type Rounding = 'floor' | 'round' | 'ceil' | undefined;
type Shape4 = [number, number, number, number];

/**
 * Convolution gradients without the addon (stock wasm has no Conv2DBackpropFilter, and its
 * Conv2DBackpropInput is a naive loop), mostly as forward convolutions that the stock XNNPACK
 * Conv2D kernel runs with 'valid' padding (its padding bugs do not apply; the padding is built here):
 *   dx = conv(dy zero-padded, W rotated 180° with cin and cout swapped)          (stride 1)
 *   dx = col2im(dy · Wᵀ)                                                          (strides > 1)
 *   dW = conv(x as [cin, h, w, batch], dy as [oh, ow, batch, cout] dilated by the stride)
 */

export function channelsLast(attrs: NamedAttrMap): boolean {
  const f = attrs.dataFormat as string | undefined;
  return f == null || f === 'NHWC' || f === 'channelsLast';
}

function gradInfo(xShape: number[], filterShape: number[], attrs: NamedAttrMap): backend_util.Conv2DInfo {
  return backend_util.computeConv2DInfo(
    xShape as Shape4, filterShape as Shape4, attrs.strides as [number, number], 1, attrs.pad as Pad,
    attrs.dimRoundingMode as Rounding, false, 'channelsLast',
  );
}

function validConv(backend: WasmBackendLike, x: TensorInfo, filter: TensorInfo, dilations: [number, number]): TensorInfo {
  return runStock('Conv2D', backend, { x, filter }, {
    strides: [1, 1], pad: 'valid', dilations, dataFormat: 'NHWC',
  });
}

/**
 * For stride 1: dy [n, oh, ow, cout] placed into a zeroed [n, h + kh − 1, w + kw − 1, cout], output
 * row oy at row oy + kh − 1 − padTop, so a 'valid' kh×kw convolution over it yields dx's h rows.
 * (With strides > 1 all but one of every stride² positions would be zeros that the convolution
 * multiplies through; those shapes go through col2im instead.)
 */
function paddedDy(backend: WasmBackendLike, dy: TensorInfo, ci: backend_util.Conv2DInfo): TensorInfo {
  const { batchSize: n, inHeight: h, inWidth: w, outHeight: oh, outWidth: ow, outChannels: c } = ci;
  const hp = h + ci.filterHeight - 1;
  const wp = w + ci.filterWidth - 1;
  const offY = ci.filterHeight - 1 - ci.padInfo.top;
  const offX = ci.filterWidth - 1 - ci.padInfo.left;
  const out = backend.makeOutput([n, hp, wp, c], 'float32');
  const heap = heapF32(backend);
  const dyo = f32Offset(backend, dy);
  const po = f32Offset(backend, out);
  heap.fill(0, po, po + n * hp * wp * c);
  // numeric padding larger than the kernel puts outer rows and columns of dy outside dx
  const ox0 = Math.max(0, -offX);
  const ox1 = Math.min(ow, wp - offX);
  if (ox1 <= ox0) return out;
  for (let b = 0; b < n; b++) {
    for (let oy = Math.max(0, -offY); oy < Math.min(oh, hp - offY); oy++) {
      const src = dyo + ((b * oh + oy) * ow + ox0) * c;
      const dst = po + ((b * hp + oy + offY) * wp + ox0 + offX) * c;
      heap.copyWithin(dst, src, src + (ox1 - ox0) * c);
    }
  }
  return out;
}

/** W [kh, kw, cin, cout] → W' [kh, kw, cout, cin] with W'[a, b, o, i] = W[kh−1−a, kw−1−b, i, o]. */
function rotatedFilter(backend: WasmBackendLike, filter: TensorInfo): TensorInfo {
  const [kh, kw, cin, cout] = filter.shape;
  const out = backend.makeOutput([kh, kw, cout, cin], 'float32');
  const heap = heapF32(backend);
  const fo = f32Offset(backend, filter);
  const ro = f32Offset(backend, out);
  for (let a = 0; a < kh; a++) {
    for (let b = 0; b < kw; b++) {
      const src = fo + ((kh - 1 - a) * kw + (kw - 1 - b)) * cin * cout;
      const dst = ro + (a * kw + b) * cout * cin;
      for (let i = 0; i < cin; i++) {
        for (let o = 0; o < cout; o++) heap[dst + o * cin + i] = heap[src + i * cout + o];
      }
    }
  }
  return out;
}

/** dx[n, h, w, cin] += the rows dcol[P, kh·kw·cin] of every output position, at the pixels they were read from. */
function col2im(backend: WasmBackendLike, dcol: TensorInfo, ci: backend_util.Conv2DInfo): TensorInfo {
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: cin, outHeight: oh, outWidth: ow } = ci;
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = ci;
  const K = kh * kw * cin;
  const dx = backend.makeOutput(ci.inShape, 'float32');
  const heap = heapF32(backend);
  const dxo = f32Offset(backend, dx);
  let row = f32Offset(backend, dcol);
  heap.fill(0, dxo, dxo + n * h * w * cin);
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++, row += K) {
        for (let ky = 0; ky < kh; ky++) {
          const iy = oy * sh - ci.padInfo.top + ky;
          if (iy < 0 || iy >= h) continue;
          for (let kx = 0; kx < kw; kx++) {
            const ix = ox * sw - ci.padInfo.left + kx;
            if (ix < 0 || ix >= w) continue;
            const dst = dxo + ((b * h + iy) * w + ix) * cin;
            const src = row + (ky * kw + kx) * cin;
            for (let c = 0; c < cin; c++) heap[dst + c] += heap[src + c];
          }
        }
      }
    }
  }
  return dx;
}

function zeros(backend: WasmBackendLike, shape: number[]): TensorInfo {
  const out = backend.makeOutput(shape, 'float32');
  const off = f32Offset(backend, out);
  heapF32(backend).fill(0, off, off + sizeOf(shape));
  return out;
}

export function wasmConv2DBackpropInput(
  backend: WasmBackendLike, inputs: Record<string, TensorInfo>, attrs: NamedAttrMap,
): TensorInfo {
  if (!channelsLast(attrs)) return runStock('Conv2DBackpropInput', backend, inputs, attrs);
  const { dy, filter } = inputs;
  const ci = gradInfo(attrs.inputShape as number[], filter.shape, attrs);
  if (sizeOf(dy.shape) === 0) return zeros(backend, ci.inShape);
  if (ci.strideHeight === 1 && ci.strideWidth === 1) {
    const padded = paddedDy(backend, dy, ci);
    const rotated = rotatedFilter(backend, filter);
    const dx = validConv(backend, padded, rotated, [1, 1]);
    backend.disposeData(padded.dataId);
    backend.disposeData(rotated.dataId);
    return dx;
  }
  const K = ci.filterHeight * ci.filterWidth * ci.inChannels;
  const P = ci.batchSize * ci.outHeight * ci.outWidth;
  const dcol = wasmMatMul(backend, {
    a: { ...dy, shape: [P, ci.outChannels] }, b: { ...filter, shape: [K, ci.outChannels] },
    transposeA: false, transposeB: true, activation: 'linear', leakyreluAlpha: 0,
  });
  const dx = col2im(backend, dcol, ci);
  backend.disposeData(dcol.dataId);
  return dx;
}

/**
 * x [n, h, w, cin] → [cin, hp, wp, n], zero-padded by padTop/padLeft and cropped or padded to the
 * rows and columns the forward convolution reads: hp = (oh − 1)·strideH + kh.
 */
function batchLastPadded(backend: WasmBackendLike, x: TensorInfo, ci: backend_util.Conv2DInfo): TensorInfo {
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow } = ci;
  const hp = (oh - 1) * ci.strideHeight + ci.filterHeight;
  const wp = (ow - 1) * ci.strideWidth + ci.filterWidth;
  const pt = ci.padInfo.top;
  const pl = ci.padInfo.left;
  const out = backend.makeOutput([c, hp, wp, n], 'float32');
  const heap = heapF32(backend);
  const xo = f32Offset(backend, x);
  const po = f32Offset(backend, out);
  heap.fill(0, po, po + c * hp * wp * n);
  const x0 = Math.max(0, pl);
  const x1 = Math.min(wp, w + pl);
  for (let b = 0; b < n; b++) {
    for (let y = Math.max(0, pt); y < Math.min(hp, h + pt); y++) {
      const srcRow = xo + ((b * h + y - pt) * w - pl) * c;
      for (let ch = 0; ch < c; ch++) {
        let dst = po + ((ch * hp + y) * wp + x0) * n + b;
        for (let xx = x0; xx < x1; xx++, dst += n) heap[dst] = heap[srcRow + xx * c + ch];
      }
    }
  }
  return out;
}

function channelsLastFilterGrad(
  backend: WasmBackendLike, x: TensorInfo, dy: TensorInfo, attrs: NamedAttrMap,
): TensorInfo {
  const filterShape = attrs.filterShape as number[];
  if (sizeOf(dy.shape) === 0) return zeros(backend, filterShape);
  const ci = gradInfo(x.shape, filterShape, attrs);
  const xt = batchLastPadded(backend, x, ci);
  const dyt = runStock('Transpose', backend, { x: dy }, { perm: [1, 2, 0, 3] });
  const dwt = validConv(backend, xt, dyt, [ci.strideHeight, ci.strideWidth]);
  backend.disposeData(xt.dataId);
  backend.disposeData(dyt.dataId);
  if (ci.inChannels === 1) {
    dwt.shape = [...filterShape];
    return dwt;
  }
  const dw = runStock('Transpose', backend, { x: dwt }, { perm: [1, 2, 0, 3] });
  backend.disposeData(dwt.dataId);
  return dw;
}

export function wasmConv2DBackpropFilter(
  backend: WasmBackendLike, inputs: Record<string, TensorInfo>, attrs: NamedAttrMap,
): TensorInfo {
  const { x, dy } = inputs;
  if (channelsLast(attrs)) return channelsLastFilterGrad(backend, x, dy, attrs);
  const xl = runStock('Transpose', backend, { x }, { perm: [0, 2, 3, 1] });
  const dyl = runStock('Transpose', backend, { x: dy }, { perm: [0, 2, 3, 1] });
  const dw = channelsLastFilterGrad(backend, xl, dyl, attrs);
  backend.disposeData(xl.dataId);
  backend.disposeData(dyl.dataId);
  return dw;
}
