/**
 * The WebGPU worker thread: Dawn (the `webgpu` package's N-API binding) and tfjs-backend-webgpu's
 * kernels, driven by the trainer thread's proxy backend (protocol.ts). Kernels run here as they would
 * in a browser; reads await the buffer map on this thread's event loop while the trainer thread waits.
 */
import { getKernel, getKernelsForBackend, type KernelBackend, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs-core';
import { workerData } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { NO_ADAPTER, loadDawn, summarizeAdapter } from './adapter';
import { CTRL_ANSWERS, type InitReply, type PendingOp, type Reply, type Request, type WebgpuWorkerData, type WireTensor, type WireValues } from './protocol';

const init = workerData as WebgpuWorkerData;
const ctrl = new Int32Array(init.ctrl);
const port = init.port;

type DataId = { id: number };
type Backend = KernelBackend & {
  move(dataId: DataId, values: WireValues | null, shape: number[], dtype: string, refCount: number): void;
  disposeData(dataId: DataId, force?: boolean): boolean;
  incRef(dataId: DataId): void;
  read(dataId: DataId): Promise<WireValues>;
};

/** Every data id the trainer thread knows, by its wire number. */
const data = new Map<number, DataId>();
let backend: Backend | null = null;
/** Set when Dawn reports the device lost or an uncaptured error: every later answer says so. */
let deviceError: string | null = null;

function answer(seq: number, message: DistributiveOmit<Reply, 'seq'> | InitReply): void {
  port.postMessage({ ...message, seq });
  Atomics.add(ctrl, CTRL_ANSWERS, 1);
  Atomics.notify(ctrl, CTRL_ANSWERS);
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

async function start(): Promise<InitReply> {
  const { create, globals } = await loadDawn();
  Object.assign(globalThis, globals);
  const gpu = create([]);
  // tfjs-backend-webgpu checks for navigator.gpu (Node 21+ has a navigator without one, Node 20 none).
  const nav = ((globalThis as { navigator?: object }).navigator ??= {}) as { gpu?: GPU };
  if (nav.gpu == null) Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true });
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (err) {
    return { ok: false, error: `Dawn found no GPU adapter: ${(err as Error).message}` };
  }
  if (adapter == null) return { ok: false, error: NO_ADAPTER };
  const summary = summarizeAdapter(adapter);
  if (init.hardwareOnly && summary.fallback) {
    return { ok: false, error: `the only WebGPU adapter is a software device (${summary.description || summary.device})`, adapter: summary };
  }
  // The device tfjs-backend-webgpu's own factory would ask for (src/base.ts), minus the browser-only features.
  const requiredFeatures: GPUFeatureName[] = adapter.features.has('timestamp-query') ? ['timestamp-query'] : [];
  const limits = adapter.limits;
  const device = await adapter.requestDevice({
    requiredFeatures,
    requiredLimits: {
      maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize,
      maxComputeWorkgroupsPerDimension: limits.maxComputeWorkgroupsPerDimension,
      maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
      maxBufferSize: limits.maxBufferSize,
      maxComputeWorkgroupSizeX: limits.maxComputeWorkgroupSizeX,
      maxComputeInvocationsPerWorkgroup: limits.maxComputeInvocationsPerWorkgroup,
    },
  });
  void device.lost.then((info) => {
    deviceError = `the GPU device was lost (${info.reason}): ${info.message}`;
  });
  device.addEventListener('uncapturederror', (event) => {
    deviceError ??= `WebGPU error: ${(event as GPUUncapturedErrorEvent).error.message}`;
  });
  const { WebGPUBackend } = await import('@tensorflow/tfjs-backend-webgpu');
  backend = new WebGPUBackend(device, adapter.info) as unknown as Backend;
  const require = createRequire(import.meta.url);
  const webgpuVersion = (require('webgpu/package.json') as { version: string }).version;
  return { ok: true, adapter: summary, kernels: getKernelsForBackend('webgpu').map((k) => k.kernelName), webgpuVersion };
}

function dataId(id: number): DataId {
  const found = data.get(id);
  if (found == null) throw new Error(`webgpu worker: unknown data id ${id}`);
  return found;
}

function applyPending(ops: PendingOp[], b: Backend): void {
  for (const op of ops) {
    if (op.op === 'write') {
      const id = { id: op.id };
      data.set(op.id, id);
      b.move(id, op.values, op.shape, op.dtype, op.refCount);
    } else if (op.op === 'dispose') {
      const id = data.get(op.id);
      if (id != null && b.disposeData(id, op.force)) data.delete(op.id);
    } else {
      b.incRef(dataId(op.id));
    }
  }
}

function wire(info: TensorInfo): WireTensor {
  const id = info.dataId as DataId;
  data.set(id.id, id);
  return { id: id.id, shape: info.shape, dtype: info.dtype };
}

async function handle(request: Request): Promise<DistributiveOmit<Reply, 'seq'>> {
  const b = backend;
  if (b == null) throw new Error('webgpu worker: no device');
  applyPending(request.pending, b);
  if (request.op === 'flush') return { ok: true };
  if (request.op === 'read') {
    const values = await b.read(dataId(request.id));
    return { ok: true, values: values.slice() as WireValues };
  }
  const kernel = getKernel(request.kernel, 'webgpu');
  if (kernel == null) throw new Error(`kernel ${request.kernel} is not registered for webgpu`);
  const entries = request.inputs.map(([key, t]) => [key, t == null ? t : { dataId: dataId(t.id), shape: t.shape, dtype: t.dtype }] as const);
  const inputs = request.inputsAreList ? entries.map(([, t]) => t) : Object.fromEntries(entries);
  const out = kernel.kernelFunc({ inputs: inputs as never, backend: b, attrs: request.attrs as NamedAttrMap });
  const list = Array.isArray(out) ? out : [out];
  return { ok: true, outputs: list.map(wire), single: !Array.isArray(out) };
}

let queue: Promise<void> = Promise.resolve();

port.on('message', (request: Request) => {
  queue = queue.then(async () => {
    try {
      const reply = await handle(request);
      answer(request.seq, deviceError != null ? { ok: false, error: deviceError } : reply);
    } catch (err) {
      answer(request.seq, { ok: false, error: deviceError ?? (err as Error).message ?? String(err) });
    }
  });
});

start().then(
  (reply) => answer(0, reply),
  (err: unknown) => answer(0, { ok: false, error: `WebGPU did not start: ${(err as Error).message ?? String(err)}` }),
);
