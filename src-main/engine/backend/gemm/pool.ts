import { existsSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort, type WorkerOptions } from 'node:worker_threads';
import { CTRL, STATUS_ERROR, jobLayout, writeJob, type GemmJob, type GemmWorkerData } from './protocol';

/** A worker may take this long for one product before the trainer gives up on it. */
const JOB_TIMEOUT_MS = 60_000;
const INITIAL_FLOATS = 1 << 20;

/** tsx's ESM register API by URL (import.meta.resolve where the runtime has it; vitest may not). */
function tsxEsmApi(): string {
  if (typeof import.meta.resolve === 'function') return import.meta.resolve('tsx/esm/api');
  const pkg = createRequire(import.meta.url).resolve('tsx/package.json');
  return pathToFileURL(path.join(path.dirname(pkg), 'dist/esm/api/index.mjs')).href;
}

/**
 * The worker: the bundled gemm-worker.js that the Electron build names in LAYERLAB_GEMM_WORKER,
 * else the TypeScript source beside this file, loaded through tsx's module hooks (a worker does not
 * inherit the --import that ran tsx in this thread, and vitest has none).
 */
function spawnWorker(options: WorkerOptions): Worker {
  const bundled = process.env.LAYERLAB_GEMM_WORKER;
  if (bundled && existsSync(bundled)) return new Worker(bundled, options);
  const source = new URL('./worker.ts', import.meta.url).href;
  const tsxApi = tsxEsmApi();
  const boot = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(boot, { ...options, eval: true });
}

export class GemmWorker {
  private readonly ctrl: Int32Array;
  private data: Float32Array;
  private pending = false;
  /** Jobs this worker has finished (tests check that products really were split). */
  jobsRun = 0;

  constructor(
    private readonly worker: Worker,
    private readonly port: MessagePort,
    ctrl: SharedArrayBuffer,
    data: SharedArrayBuffer,
  ) {
    this.ctrl = new Int32Array(ctrl);
    this.data = new Float32Array(data);
  }

  /** The data buffer sized for the job; write the operand blocks into it at jobLayout's offsets. */
  buffer(job: GemmJob): Float32Array {
    const { floats } = jobLayout(job);
    if (floats > this.data.length) {
      const grown = new SharedArrayBuffer(Math.ceil(floats * 1.5) * 4);
      this.port.postMessage(grown);
      Atomics.store(this.ctrl, CTRL.RESIZED, 1);
      this.data = new Float32Array(grown);
    }
    return this.data;
  }

  start(job: GemmJob): void {
    const c = this.ctrl;
    writeJob(c, job);
    Atomics.add(c, CTRL.REQUEST, 1);
    Atomics.notify(c, CTRL.REQUEST);
    this.pending = true;
  }

  /** Blocks until the job is done; returns the data buffer with the product at jobLayout's cOff. */
  finish(): Float32Array {
    if (!this.pending) throw new Error('GemmWorker.finish without a started job');
    this.pending = false;
    const request = Atomics.load(this.ctrl, CTRL.REQUEST);
    for (;;) {
      const done = Atomics.load(this.ctrl, CTRL.DONE);
      if (done === request) break;
      if (Atomics.wait(this.ctrl, CTRL.DONE, done, JOB_TIMEOUT_MS) === 'timed-out') {
        throw new Error(`a GEMM worker did not answer within ${JOB_TIMEOUT_MS / 1000} s; set LAYERLAB_THREADS=1 to train without workers`);
      }
    }
    if (this.ctrl[CTRL.STATUS] === STATUS_ERROR) {
      const msg = receiveMessageOnPort(this.port)?.message as { message?: string } | undefined;
      throw new Error(`a GEMM worker failed: ${msg?.message ?? 'no message'}`);
    }
    this.jobsRun++;
    return this.data;
  }

  async close(): Promise<void> {
    Atomics.store(this.ctrl, CTRL.QUIT, 1);
    Atomics.add(this.ctrl, CTRL.REQUEST, 1);
    Atomics.notify(this.ctrl, CTRL.REQUEST);
    this.port.close();
    await this.worker.terminate();
  }
}

/**
 * Worker threads that each run matrix products on their own wasm instance, for the wasm backend
 * without the native addon: tfjs turns its threaded wasm build off under Node, so a second core
 * is only reachable this way.
 */
export class GemmPool {
  private constructor(readonly workers: GemmWorker[]) {}

  get size(): number {
    return this.workers.length;
  }

  get jobsRun(): number {
    return this.workers.reduce((sum, w) => sum + w.jobsRun, 0);
  }

  static async start(count: number, wasmDir: string): Promise<GemmPool> {
    const workers = await Promise.all(Array.from({ length: count }, async () => {
      const ctrl = new SharedArrayBuffer(CTRL.LENGTH * 4);
      const data = new SharedArrayBuffer(INITIAL_FLOATS * 4);
      const { port1, port2 } = new MessageChannel();
      const workerData: GemmWorkerData = { ctrl, data, port: port2, wasmDir };
      const worker = spawnWorker({ workerData, transferList: [port2] });
      await new Promise<void>((resolve, reject) => {
        port1.once('message', () => resolve());
        worker.once('error', reject);
        worker.once('exit', (code) => reject(new Error(`the GEMM worker exited with code ${code} before it was ready`)));
      });
      worker.removeAllListeners('error');
      worker.removeAllListeners('exit');
      worker.on('error', () => {});
      worker.unref();
      port1.unref();
      return new GemmWorker(worker, port1, ctrl, data);
    }));
    return new GemmPool(workers);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
  }
}
