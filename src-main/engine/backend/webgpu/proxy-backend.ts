import * as tf from '@tensorflow/tfjs-core';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort, type WorkerOptions } from 'node:worker_threads';
import {
  CTRL_ANSWERS, type InitReply, type PendingOp, type Reply, type Request, type WebgpuWorkerData, type WireTensor, type WireValues,
} from './protocol';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** One answer may take this long (a large product on a software device) before the run fails. */
const ANSWER_TIMEOUT_MS = 300_000;
/** Starting Dawn and asking for an adapter. */
const START_TIMEOUT_MS = 60_000;

function tsxEsmApi(): string {
  if (typeof import.meta.resolve === 'function') return import.meta.resolve('tsx/esm/api');
  const pkg = createRequire(import.meta.url).resolve('tsx/package.json');
  return new URL('./dist/esm/api/index.mjs', `file://${pkg}`).href;
}

/**
 * The bundled webgpu-worker.js that the Electron build names in LAYERLAB_WEBGPU_WORKER, else the
 * TypeScript source beside this file through tsx's hooks (as the GEMM workers are loaded).
 */
function spawnWorker(options: WorkerOptions): Worker {
  const bundled = process.env.LAYERLAB_WEBGPU_WORKER;
  if (bundled && existsSync(bundled)) return new Worker(bundled, options);
  const source = new URL('./worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsxEsmApi())}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(boot, { ...options, eval: true });
}

/**
 * A tfjs backend on the trainer thread whose kernels run on the WebGPU worker (protocol.ts explains
 * why). Every kernel registered for webgpu in the worker is registered here as a forwarder, so tfjs,
 * its gradients and LayerLab's ops see an ordinary synchronous backend named 'webgpu'.
 */
export class WebgpuProxyBackend extends tf.KernelBackend {
  /**
   * The data the worker holds: wire number and reference count, mirrored so disposeData answers at once.
   * Keyed by the data id object: one moved here from another backend keeps its object but gets a wire number.
   */
  private readonly refs = new Map<object, { wire: number; count: number }>();
  /** The same data ids by wire number (a kernel's output may be an input's data, shared). */
  private readonly byWire = new Map<number, object>();
  private readonly pending: PendingOp[] = [];
  private nextWriteId = -1;
  private seq = 0;
  private closed = false;

  private constructor(private readonly worker: Worker, private readonly port: MessagePort, private readonly ctrl: Int32Array) {
    super();
  }

  /** Starts the worker and its device; resolves with the worker's first answer (adapter or refusal). */
  static async start(hardwareOnly: boolean): Promise<{ backend: WebgpuProxyBackend | null; reply: InitReply }> {
    const ctrl = new Int32Array(new SharedArrayBuffer(4));
    const { port1, port2 } = new MessageChannel();
    const workerData: WebgpuWorkerData = { ctrl: ctrl.buffer as SharedArrayBuffer, port: port2, hardwareOnly };
    const worker = spawnWorker({ workerData, transferList: [port2] });
    // The port is polled, never given a 'message' listener: a listening port would take answers off it in the event loop.
    const reply = await new Promise<InitReply>((resolve) => {
      const started = Date.now();
      const finish = (message: InitReply) => {
        clearInterval(poll);
        resolve(message);
      };
      const poll = setInterval(() => {
        const received = receiveMessageOnPort(port1);
        if (received != null) finish(received.message as InitReply);
        else if (Date.now() - started > START_TIMEOUT_MS) finish({ ok: false, error: `WebGPU did not start within ${START_TIMEOUT_MS / 1000} s` });
      }, 10);
      worker.once('error', (err) => finish({ ok: false, error: `the WebGPU worker failed: ${err.message}` }));
      worker.once('exit', (code) => finish({ ok: false, error: `the WebGPU worker exited with code ${code} before it was ready` }));
    });
    worker.removeAllListeners('error');
    worker.removeAllListeners('exit');
    if (!reply.ok) {
      await worker.terminate();
      port1.close();
      return { backend: null, reply };
    }
    worker.on('error', () => {});
    worker.unref();
    port1.unref();
    return { backend: new WebgpuProxyBackend(worker, port1, ctrl), reply };
  }

  /** Registers a forwarding kernel on the trainer thread for each webgpu kernel the worker has. */
  static registerKernels(names: readonly string[]): void {
    for (const kernelName of names) {
      if (tf.getKernel(kernelName, 'webgpu') != null) continue;
      tf.registerKernel({
        kernelName,
        backendName: 'webgpu',
        kernelFunc: ({ inputs, attrs, backend }) => (backend as WebgpuProxyBackend).runKernel(kernelName, inputs, attrs ?? {}),
      });
    }
  }

  /** Sends one request and blocks until its answer (the one with its sequence number) is on the port. */
  private request(message: DistributiveOmit<Request, 'seq'>): Reply & { ok: true } {
    if (this.closed) throw new Error('the webgpu backend was disposed');
    this.pending.length = 0;
    const seq = ++this.seq;
    this.port.postMessage({ ...message, seq });
    const deadline = Date.now() + ANSWER_TIMEOUT_MS;
    for (;;) {
      const answers = Atomics.load(this.ctrl, CTRL_ANSWERS);
      let received = receiveMessageOnPort(this.port);
      while (received != null) {
        const reply = received.message as Reply;
        if (reply.seq === seq) {
          if (!reply.ok) throw new Error(`webgpu: ${reply.error}`);
          return reply;
        }
        received = receiveMessageOnPort(this.port); // an answer to a request that gave up waiting
      }
      if (Date.now() > deadline) {
        throw new Error(`the WebGPU worker did not answer within ${ANSWER_TIMEOUT_MS / 1000} s (${message.op}${message.op === 'run' ? ` ${message.kernel}` : ''}); train on the CPU with LAYERLAB_BACKEND=wasm`);
      }
      // Wakes when the worker counts an answer; the timeout only bounds a wait whose notify came before it began.
      Atomics.wait(this.ctrl, CTRL_ANSWERS, answers, 100);
    }
  }

  private wireId(dataId: object): number {
    if (!this.refs.has(dataId)) tf.engine().moveData(this, dataId);
    return this.refs.get(dataId)!.wire;
  }

  runKernel(kernel: string, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap): tf.TensorInfo | tf.TensorInfo[] {
    const entries: [string, WireTensor | null][] = Object.entries(inputs).map(([key, t]) =>
      [key, t == null ? null : { id: this.wireId(t.dataId), shape: t.shape, dtype: t.dtype }]);
    const reply = this.request({ op: 'run', pending: this.pending.slice(), kernel, inputs: entries, inputsAreList: Array.isArray(inputs), attrs });
    const outputs = (reply.outputs ?? []).map((o) => {
      let dataId = this.byWire.get(o.id);
      if (dataId == null) {
        dataId = { id: o.id };
        this.byWire.set(o.id, dataId);
        this.refs.set(dataId, { wire: o.id, count: 1 });
      } else {
        this.refs.get(dataId)!.count += 1;
      }
      return { dataId, shape: o.shape, dtype: o.dtype as tf.DataType };
    });
    return reply.single ? outputs[0] : outputs;
  }

  override write(values: tf.backend_util.BackendValues | null, shape: number[], dtype: tf.DataType): object {
    const dataId = {};
    this.move(dataId, values, shape, dtype, 1);
    return dataId;
  }

  override move(dataId: object, values: tf.backend_util.BackendValues | null, shape: number[], dtype: tf.DataType, refCount: number): void {
    if (dtype === 'string' || dtype === 'complex64') throw new Error(`the webgpu backend holds no ${dtype} tensors`);
    const wire = this.nextWriteId--;
    this.refs.set(dataId, { wire, count: refCount });
    this.byWire.set(wire, dataId);
    const copy = values == null ? null : (values as WireValues).slice();
    this.pending.push({ op: 'write', id: wire, values: copy as WireValues | null, shape, dtype, refCount });
  }

  override refCount(dataId: object): number {
    return this.refs.get(dataId)?.count ?? 0;
  }

  override incRef(dataId: object): void {
    const entry = this.refs.get(dataId);
    if (entry == null) return;
    entry.count += 1;
    this.pending.push({ op: 'incRef', id: entry.wire });
  }

  override disposeData(dataId: object, force = false): boolean {
    const entry = this.refs.get(dataId);
    if (entry == null) return true;
    this.pending.push({ op: 'dispose', id: entry.wire, force });
    if (force || entry.count <= 1) {
      this.refs.delete(dataId);
      this.byWire.delete(entry.wire);
      return true;
    }
    entry.count -= 1;
    return false;
  }

  override readSync(dataId: object): tf.backend_util.BackendValues {
    const reply = this.request({ op: 'read', pending: this.pending.slice(), id: this.wireId(dataId) });
    return reply.values as WireValues;
  }

  override async read(dataId: object): Promise<tf.backend_util.BackendValues> {
    return this.readSync(dataId);
  }

  override numDataIds(): number {
    return this.refs.size;
  }

  override memory(): { unreliable: boolean } {
    return { unreliable: true };
  }

  override timerAvailable(): boolean {
    return true;
  }

  override async time(f: () => void): Promise<tf.BackendTimingInfo> {
    const start = performance.now();
    f();
    this.request({ op: 'flush', pending: this.pending.slice() });
    return { kernelMs: performance.now() - start };
  }

  override floatPrecision(): 32 {
    return 32;
  }

  override epsilon(): number {
    return 1e-7;
  }

  override dispose(): void {
    if (this.closed) return;
    this.closed = true;
    void this.worker.terminate();
    this.port.close();
  }
}
