import type { MessagePort } from 'node:worker_threads';
import type { GpuAdapter } from '../../../../src-shared/api/records';

/**
 * Messages between the trainer thread's webgpu proxy backend and the WebGPU worker thread.
 * Dawn delivers a buffer map only through Node's event loop, so the trainer thread (whose tfjs
 * calls dataSync and reads synchronously everywhere) cannot own the device: the worker does, and the
 * trainer thread blocks in Atomics.wait on CTRL_ANSWERS for each answer, which it takes from its port
 * with receiveMessageOnPort (that port never gets a 'message' listener, which would take answers away).
 * Every request carries a sequence number that its answer repeats (the worker's first answer, 0, says
 * whether it started).
 *
 * Data ids on the wire are numbers: negative for data the trainer wrote, the webgpu backend's own
 * ids for kernel outputs. Writes, disposals and refcount increments need no answer; they travel in
 * `pending` with the next request that does.
 */
/** ctrl[CTRL_ANSWERS] counts the worker's answers; the trainer thread waits for it to move. */
export const CTRL_ANSWERS = 0;

export interface WebgpuWorkerData {
  ctrl: SharedArrayBuffer;
  port: MessagePort;
  /** Only a hardware adapter: the worker refuses a software (fallback) one without creating a device. */
  hardwareOnly: boolean;
}

export type WireValues = Float32Array | Int32Array | Uint8Array;

export interface WireTensor {
  id: number;
  shape: number[];
  dtype: string;
}

export type PendingOp =
  | { op: 'write'; id: number; values: WireValues | null; shape: number[]; dtype: string; refCount: number }
  | { op: 'dispose'; id: number; force: boolean }
  | { op: 'incRef'; id: number };

export type Request = { seq: number; pending: PendingOp[] } & (
  | { op: 'run'; kernel: string; inputs: [string, WireTensor | null][]; inputsAreList: boolean; attrs: unknown }
  | { op: 'read'; id: number }
  | { op: 'flush' }
);

export type Reply = { seq: number } & (
  | { ok: true; outputs?: WireTensor[]; single?: boolean; values?: WireValues }
  | { ok: false; error: string }
);

export type InitReply =
  | { ok: true; adapter: GpuAdapter; kernels: string[]; webgpuVersion: string }
  | { ok: false; error: string; adapter?: GpuAdapter };
