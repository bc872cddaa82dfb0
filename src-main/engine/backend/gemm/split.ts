import type { TensorInfo } from '@tensorflow/tfjs-core';
import { runStock, transposeLast2 } from '../kernels/stock';
import { f32Offset, heapF32, makeView, disposeView, type WasmBackendLike } from '../kernels/wasm-heap';
import { jobLayout, type GemmJob } from './protocol';
import type { GemmPool } from './pool';

/** Below this many multiply-adds, handing work to another thread costs more than it saves. */
const MIN_PARALLEL_MACS = 1 << 21;

/** A stored row-major matrix; the product uses it transposed when trans is set. */
export interface Operand {
  rows: number;
  cols: number;
  trans: boolean;
}

/** An operand at a float offset of some buffer. */
type Located = Operand & { off: number };

/** Rows [r0, r1) and columns [c0, c1) of a stored matrix. */
interface Block {
  r0: number;
  r1: number;
  c0: number;
  c1: number;
}

/** The stored block that holds rows [i0, i1) of op(x). */
function opRows(x: Operand, i0: number, i1: number): Block {
  return x.trans ? { r0: 0, r1: x.rows, c0: i0, c1: i1 } : { r0: i0, r1: i1, c0: 0, c1: x.cols };
}

/** The stored block that holds columns [j0, j1) of op(x). */
function opCols(x: Operand, j0: number, j1: number): Block {
  return x.trans ? { r0: j0, r1: j1, c0: 0, c1: x.cols } : { r0: 0, r1: x.rows, c0: j0, c1: j1 };
}

const whole = (x: Operand): Block => ({ r0: 0, r1: x.rows, c0: 0, c1: x.cols });

function copyBlock(src: Float32Array, x: Located, b: Block, dst: Float32Array, dstOff: number): void {
  const width = b.c1 - b.c0;
  if (width === x.cols) {
    dst.set(src.subarray(x.off + b.r0 * x.cols, x.off + b.r1 * x.cols), dstOff);
    return;
  }
  for (let r = b.r0; r < b.r1; r++) {
    const from = x.off + r * x.cols + b.c0;
    dst.set(src.subarray(from, from + width), dstOff + (r - b.r0) * width);
  }
}

/** Writes an (rows × width) product block into columns [c0, c0 + width) of the m×n output. */
function placeProduct(src: Float32Array, srcOff: number, rows: number, width: number,
  dst: Float32Array, dstOff: number, n: number, r0: number, c0: number): void {
  if (width === n) {
    dst.set(src.subarray(srcOff, srcOff + rows * width), dstOff + r0 * n);
    return;
  }
  for (let r = 0; r < rows; r++) {
    dst.set(src.subarray(srcOff + r * width, srcOff + (r + 1) * width), dstOff + (r0 + r) * n + c0);
  }
}

/**
 * The block as an operand tensor of the trainer's backend, transposed when the operand is:
 * a view of the stored matrix when the block is whole rows and needs no transpose, else a new tensor.
 * Free it with releaseBlock.
 */
function blockTensor(backend: WasmBackendLike, base: TensorInfo, x: Operand, b: Block): { t: TensorInfo; view: boolean } {
  const rows = b.r1 - b.r0;
  const cols = b.c1 - b.c0;
  let t: TensorInfo;
  let view = false;
  if (cols === x.cols) {
    t = makeView(backend, base, b.r0 * x.cols, [rows, cols]);
    view = true;
  } else {
    t = backend.makeOutput([rows, cols], 'float32');
    copyBlock(heapF32(backend), { ...x, off: f32Offset(backend, base) }, b, heapF32(backend), f32Offset(backend, t));
  }
  if (!x.trans) return { t, view };
  const transposed = transposeLast2(backend, t);
  releaseBlock(backend, { t, view });
  return { t: transposed, view: false };
}

function releaseBlock(backend: WasmBackendLike, block: { t: TensorInfo; view: boolean }): void {
  if (block.view) disposeView(backend, block.t);
  else backend.disposeData(block.t.dataId);
}

interface Part {
  /** Product rows [i0, i1) and columns [j0, j1). */
  i0: number;
  i1: number;
  j0: number;
  j1: number;
  a: Block;
  b: Block;
}

function plan(a: Operand, b: Operand, m: number, n: number, parts: number): Part[] | null {
  // Splitting rows sends each worker all of op(B) (k×n), splitting columns all of op(A) (m×k).
  const byRows = m >= n;
  const extent = byRows ? m : n;
  if (extent < 2 * parts) return null;
  const edges = Array.from({ length: parts + 1 }, (_, p) => Math.round((p * extent) / parts));
  return edges.slice(0, -1).map((lo, p) => {
    const hi = edges[p + 1];
    return byRows
      ? { i0: lo, i1: hi, j0: 0, j1: n, a: opRows(a, lo, hi), b: whole(b) }
      : { i0: 0, i1: m, j0: lo, j1: hi, a: whole(a), b: opCols(b, lo, hi) };
  });
}

/**
 * op(A)·op(B) split by rows or columns of the product (whichever copies less) between the
 * trainer thread and the pool's workers. Returns null when the product is too small to split.
 * The result is an m×n tensor; the caller sets its shape.
 */
export function parallelMatMul(
  backend: WasmBackendLike, pool: GemmPool, aT: TensorInfo, bT: TensorInfo, a: Operand, b: Operand,
  m: number, n: number, k: number,
): TensorInfo | null {
  if (m * n * k < MIN_PARALLEL_MACS) return null;
  const parts = plan(a, b, m, n, pool.size + 1);
  if (parts == null) return null;

  const heap = heapF32(backend);
  const aAt = { ...a, off: f32Offset(backend, aT) };
  const bAt = { ...b, off: f32Offset(backend, bT) };
  const jobs = parts.slice(1).map((part, w) => {
    const job: GemmJob = {
      m: part.i1 - part.i0, n: part.j1 - part.j0, k,
      aRows: part.a.r1 - part.a.r0, aCols: part.a.c1 - part.a.c0, aTrans: a.trans,
      bRows: part.b.r1 - part.b.r0, bCols: part.b.c1 - part.b.c0, bTrans: b.trans,
    };
    const worker = pool.workers[w];
    const data = worker.buffer(job);
    const { aOff, bOff } = jobLayout(job);
    copyBlock(heap, aAt, part.a, data, aOff);
    copyBlock(heap, bAt, part.b, data, bOff);
    worker.start(job);
    return { part, job, worker };
  });

  const own = parts[0];
  const ownA = blockTensor(backend, aT, a, own.a);
  const ownB = blockTensor(backend, bT, b, own.b);
  const ownM = own.i1 - own.i0;
  const ownN = own.j1 - own.j0;
  const product = runStock('BatchMatMul', backend,
    { a: { ...ownA.t, shape: [1, ownM, k] }, b: { ...ownB.t, shape: [1, k, ownN] } }, { transposeA: false, transposeB: false });
  releaseBlock(backend, ownA);
  releaseBlock(backend, ownB);

  const out = backend.makeOutput([m, n], 'float32');
  const outHeap = heapF32(backend);
  const outOff = f32Offset(backend, out);
  placeProduct(outHeap, f32Offset(backend, product), ownM, ownN, outHeap, outOff, n, own.i0, own.j0);
  backend.disposeData(product.dataId);
  try {
    for (const { part, job, worker } of jobs) {
      const data = worker.finish();
      placeProduct(data, jobLayout(job).cOff, job.m, job.n, outHeap, outOff, n, part.i0, part.j0);
    }
  } catch (err) {
    backend.disposeData(out.dataId);
    throw err;
  }
  return out;
}
