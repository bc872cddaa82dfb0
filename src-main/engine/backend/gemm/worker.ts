/**
 * A GEMM worker thread: its own tfjs-backend-wasm instance (XNNPACK), fed through shared memory by
 * GemmPool. It blocks on Atomics.wait between jobs, so a job starts within microseconds.
 */
import { getKernel, setBackend, backend as currentBackend, type TensorInfo } from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import path from 'node:path';
import { CTRL, STATUS_ERROR, STATUS_OK, jobLayout, readJob, type GemmJob, type GemmWorkerData } from './protocol';
import { f32Offset, heapF32, type WasmBackendLike } from '../kernels/wasm-heap';

const init = workerData as GemmWorkerData;
const ctrl = new Int32Array(init.ctrl);
let data = new Float32Array(init.data);

setWasmPaths(init.wasmDir + path.sep);
if (!(await setBackend('wasm'))) throw new Error('GEMM worker: the wasm backend did not initialize');
const backend = currentBackend() as unknown as WasmBackendLike;

function kernel(name: string) {
  const config = getKernel(name, 'wasm');
  if (config == null) throw new Error(`GEMM worker: wasm kernel ${name} is missing`);
  return config.kernelFunc;
}
const batchMatMul = kernel('BatchMatMul');
const transpose = kernel('Transpose');

function upload(off: number, rows: number, cols: number, trans: boolean): TensorInfo {
  const t = backend.makeOutput([rows, cols], 'float32');
  heapF32(backend).set(data.subarray(off, off + rows * cols), f32Offset(backend, t));
  if (!trans) return t;
  const tt = transpose({ inputs: { x: t }, backend: backend as never, attrs: { perm: [1, 0] } }) as TensorInfo;
  backend.disposeData(t.dataId);
  return tt;
}

function run(job: GemmJob): void {
  const { aOff, bOff, cOff } = jobLayout(job);
  const a = upload(aOff, job.aRows, job.aCols, job.aTrans);
  const b = upload(bOff, job.bRows, job.bCols, job.bTrans);
  const a3 = { ...a, shape: [1, job.m, job.k] };
  const b3 = { ...b, shape: [1, job.k, job.n] };
  const c = batchMatMul({ inputs: { a: a3, b: b3 }, backend: backend as never, attrs: { transposeA: false, transposeB: false } }) as TensorInfo;
  const mem = f32Offset(backend, c);
  data.set(heapF32(backend).subarray(mem, mem + job.m * job.n), cOff);
  for (const t of [a, b, c]) backend.disposeData(t.dataId);
}

init.port.postMessage({ type: 'ready' });
let seen = Atomics.load(ctrl, CTRL.REQUEST);
for (;;) {
  Atomics.wait(ctrl, CTRL.REQUEST, seen);
  seen = Atomics.load(ctrl, CTRL.REQUEST);
  if (Atomics.load(ctrl, CTRL.QUIT) === 1) break;
  let status = STATUS_OK;
  try {
    if (Atomics.load(ctrl, CTRL.RESIZED) === 1) {
      const msg = receiveMessageOnPort(init.port);
      if (msg == null) throw new Error('GEMM worker: a resize was signalled but no buffer arrived');
      data = new Float32Array(msg.message as SharedArrayBuffer);
      Atomics.store(ctrl, CTRL.RESIZED, 0);
    }
    run(readJob(ctrl));
  } catch (err) {
    status = STATUS_ERROR;
    init.port.postMessage({ type: 'error', message: (err as Error).stack ?? String(err) });
  }
  Atomics.store(ctrl, CTRL.STATUS, status);
  Atomics.store(ctrl, CTRL.DONE, seen);
  Atomics.notify(ctrl, CTRL.DONE);
}
