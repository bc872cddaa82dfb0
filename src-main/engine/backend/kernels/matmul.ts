import { broadcast_util, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../native';
import { NATIVE_ACT, biasAndActivation, runStock, transposeLast2 } from './stock';
import { disposeView, f32Offset, heapBuffer, heapF32, makeView, sizeOf, type WasmBackendLike } from './wasm-heap';
import { activeGemmPool } from '../gemm/active';
import { parallelMatMul, type Operand } from '../gemm/split';

export interface MatMulArgs {
  a: TensorInfo;
  b: TensorInfo;
  transposeA: boolean;
  transposeB: boolean;
  bias?: TensorInfo;
  activation: string;
  preluWeights?: TensorInfo;
  leakyreluAlpha: number;
}

function dims(args: MatMulArgs) {
  const { a, b, transposeA, transposeB } = args;
  const ar = a.shape.length;
  const br = b.shape.length;
  const m = transposeA ? a.shape[ar - 1] : a.shape[ar - 2];
  const k = transposeA ? a.shape[ar - 2] : a.shape[ar - 1];
  const kb = transposeB ? b.shape[br - 1] : b.shape[br - 2];
  const n = transposeB ? b.shape[br - 2] : b.shape[br - 1];
  if (k !== kb) {
    throw new Error(
      `matMul: inner dimensions ${k} and ${kb} of shapes [${a.shape}] and [${b.shape}] ` +
        `(transposeA=${transposeA}, transposeB=${transposeB}) must match`,
    );
  }
  const batchShape = broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  return { m, n, k, batchA: sizeOf(a.shape.slice(0, -2)), batchB: sizeOf(b.shape.slice(0, -2)), batchShape };
}

/** The bias can go into the native epilogue when it is one value per output column (or a scalar). */
function nativeBiasOk(bias: TensorInfo | undefined, n: number): boolean {
  if (bias == null) return true;
  const size = sizeOf(bias.shape);
  return size === 1 || (size === n && bias.shape[bias.shape.length - 1] === n);
}

/** BatchMatMul / _FusedMatMul through OpenBLAS sgemm, reading and writing the wasm heap in place. */
export function nativeMatMul(backend: WasmBackendLike, addon: NativeAddon, args: MatMulArgs): TensorInfo {
  const { a, b, transposeA, transposeB, bias, activation } = args;
  const { m, n, k, batchA, batchB, batchShape } = dims(args);
  const batch = sizeOf(batchShape);
  const fuse = activation in NATIVE_ACT && nativeBiasOk(bias, n);
  const useBias = fuse && bias != null;
  const out = backend.makeOutput([...batchShape, m, n], 'float32');
  const heap = heapBuffer(backend);
  const aOff = f32Offset(backend, a);
  const bOff = f32Offset(backend, b);
  const outOff = f32Offset(backend, out);
  const biasOff = useBias ? f32Offset(backend, bias) : -1;
  const biasSize = useBias ? sizeOf(bias.shape) : 0;
  const act = fuse ? NATIVE_ACT[activation] : 0;
  if ((batchA === batch || batchA === 1) && (batchB === batch || batchB === 1)) {
    addon.matmul(heap, batch, m, n, k, transposeA, transposeB, aOff, batchA === 1 ? 0 : m * k,
      bOff, batchB === 1 ? 0 : k * n, outOff, biasOff, biasSize, act, args.leakyreluAlpha);
  } else {
    // general broadcasting, as tfjs-backend-cpu does it: batch bi uses a[bi % batchA], b[bi % batchB]
    for (let bi = 0; bi < batch; bi++) {
      addon.matmul(heap, 1, m, n, k, transposeA, transposeB, aOff + (bi % batchA) * m * k, 0,
        bOff + (bi % batchB) * k * n, 0, outOff + bi * m * n, biasOff, biasSize, act, args.leakyreluAlpha);
    }
  }
  if (fuse) return out;
  return biasAndActivation(backend, out, bias, activation, args.preluWeights, args.leakyreluAlpha);
}

function operand(t: TensorInfo, trans: boolean): Operand {
  const r = t.shape.length;
  return { rows: t.shape[r - 2], cols: t.shape[r - 1], trans };
}

type Dims = ReturnType<typeof dims>;

/** One large product split across the GEMM worker threads, or null when it stays on this thread. */
function parallelWasmMatMul(backend: WasmBackendLike, args: MatMulArgs, { m, n, k, batchShape }: Dims): TensorInfo | null {
  const pool = activeGemmPool();
  if (pool == null) return null;
  const out = parallelMatMul(backend, pool, args.a, args.b, operand(args.a, args.transposeA), operand(args.b, args.transposeB), m, n, k);
  if (out == null) return null;
  out.shape = [...batchShape, m, n];
  return biasAndActivation(backend, out, args.bias, args.activation, args.preluWeights, args.leakyreluAlpha);
}

/**
 * Elements moved by transposes to compute op(A)·op(B) directly, and as (op(B)ᵀ·op(A)ᵀ)ᵀ, which
 * transposes the other operands and the product instead.
 */
export function transposeCost(m: number, n: number, k: number, transposeA: boolean, transposeB: boolean) {
  return {
    direct: (transposeA ? m * k : 0) + (transposeB ? k * n : 0),
    swapped: (transposeA ? 0 : m * k) + (transposeB ? 0 : k * n) + m * n,
  };
}

/**
 * op(A)·op(B) as (op(B)ᵀ·op(A)ᵀ)ᵀ when that transposes less: backprop's dY·Wᵀ then transposes the
 * small dY and product instead of the weights (a 1024×1024 transpose alone costs as much as the product).
 */
function swappedWasmMatMul(backend: WasmBackendLike, args: MatMulArgs, { m, n, k, batchShape }: Dims): TensorInfo | null {
  const cost = transposeCost(m, n, k, args.transposeA, args.transposeB);
  if (cost.swapped >= cost.direct) return null;
  const productT = wasmMatMul(backend, {
    a: args.b, b: args.a, transposeA: !args.transposeB, transposeB: !args.transposeA, activation: 'linear', leakyreluAlpha: 0,
  });
  const out = transposeLast2(backend, productT);
  backend.disposeData(productT.dataId);
  out.shape = [...batchShape, m, n];
  return biasAndActivation(backend, out, args.bias, args.activation, args.preluWeights, args.leakyreluAlpha);
}

/**
 * Without the addon: XNNPACK's fast matmul is used by the stock kernel only for one matrix pair
 * with neither input transposed, so transpose first (memory-bound, cheap next to the matmul)
 * and run each batch entry as a plain 2-D product.
 */
export function wasmMatMul(backend: WasmBackendLike, args: MatMulArgs): TensorInfo {
  const size = dims(args);
  const { m, n, k, batchA, batchB, batchShape } = size;
  const batch = sizeOf(batchShape);
  if (batch === 1) {
    const single = swappedWasmMatMul(backend, args, size) ?? parallelWasmMatMul(backend, args, size);
    if (single != null) return single;
  }
  const { bias, activation } = args;
  const a = args.transposeA ? transposeLast2(backend, args.a) : args.a;
  const b = args.transposeB ? transposeLast2(backend, args.b) : args.b;
  const plainAttrs = { transposeA: false, transposeB: false };
  let out: TensorInfo;
  try {
    if (batch === 1) {
      const a3 = { ...a, shape: [1, m, k] };
      const b3 = { ...b, shape: [1, k, n] };
      if (activation !== 'prelu' && (bias == null || (bias.shape.length === 1 && bias.shape[0] === n))) {
        const inputs: Record<string, TensorInfo> = { a: a3, b: b3 };
        if (bias != null) inputs.bias = bias;
        out = bias == null && activation === 'linear'
          ? runStock('BatchMatMul', backend, inputs, plainAttrs)
          : runStock('_FusedMatMul', backend, inputs, { ...plainAttrs, activation, leakyreluAlpha: args.leakyreluAlpha });
        out.shape = [...batchShape, m, n];
        return out;
      }
      out = runStock('BatchMatMul', backend, { a: a3, b: b3 }, plainAttrs);
      out.shape = [...batchShape, m, n];
    } else {
      out = backend.makeOutput([...batchShape, m, n], 'float32');
      for (let bi = 0; bi < batch; bi++) {
        const av = makeView(backend, a, (bi % batchA) * m * k, [1, m, k]);
        const bv = makeView(backend, b, (bi % batchB) * k * n, [1, k, n]);
        const r = runStock('BatchMatMul', backend, { a: av, b: bv }, plainAttrs);
        const src = f32Offset(backend, r);
        heapF32(backend).copyWithin(f32Offset(backend, out) + bi * m * n, src, src + m * n);
        backend.disposeData(r.dataId);
        disposeView(backend, av);
        disposeView(backend, bv);
      }
    }
  } finally {
    if (a !== args.a) backend.disposeData(a.dataId);
    if (b !== args.b) backend.disposeData(b.dataId);
  }
  return biasAndActivation(backend, out, bias, activation, args.preluWeights, args.leakyreluAlpha);
}

export function matMulArgs(inputs: Record<string, TensorInfo>, attrs: NamedAttrMap): MatMulArgs {
  return {
    a: inputs.a,
    b: inputs.b,
    transposeA: Boolean(attrs.transposeA),
    transposeB: Boolean(attrs.transposeB),
    bias: inputs.bias,
    activation: (attrs.activation as string | undefined) ?? 'linear',
    preluWeights: inputs.preluActivationWeights,
    leakyreluAlpha: (attrs.leakyreluAlpha as number | undefined) ?? 0.2,
  };
}
