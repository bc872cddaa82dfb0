import type { MessagePort } from 'node:worker_threads';

/**
 * Shared-memory protocol between the trainer thread and a GEMM worker. Each worker owns a control
 * block (Int32Array on a SharedArrayBuffer) and a data buffer (Float32Array on another). The trainer
 * writes the operand blocks into the data buffer, fills the job slots, bumps REQUEST and notifies;
 * the worker computes, writes the product after the operands, sets STATUS and bumps DONE.
 */
export const CTRL = {
  REQUEST: 0,
  DONE: 1,
  STATUS: 2,
  /** 1 when a bigger data buffer waits on the worker's message port. */
  RESIZED: 3,
  /** Product rows (m) and columns (n), inner dimension (k). */
  M: 4,
  N: 5,
  K: 6,
  /** Stored shape of the A and B blocks; op(X) = X, or Xᵀ when its TRANS flag is 1. */
  A_ROWS: 7,
  A_COLS: 8,
  A_TRANS: 9,
  B_ROWS: 10,
  B_COLS: 11,
  B_TRANS: 12,
  /** 1 asks the worker to leave its loop. */
  QUIT: 13,
  LENGTH: 14,
} as const;

export const STATUS_OK = 0;
export const STATUS_ERROR = 1;

export interface GemmWorkerData {
  ctrl: SharedArrayBuffer;
  data: SharedArrayBuffer;
  port: MessagePort;
  wasmDir: string;
}

export interface GemmJob {
  m: number;
  n: number;
  k: number;
  aRows: number;
  aCols: number;
  aTrans: boolean;
  bRows: number;
  bCols: number;
  bTrans: boolean;
}

/** Fills the control block's job slots (the trainer's side). */
export function writeJob(ctrl: Int32Array, job: GemmJob): void {
  ctrl[CTRL.M] = job.m;
  ctrl[CTRL.N] = job.n;
  ctrl[CTRL.K] = job.k;
  ctrl[CTRL.A_ROWS] = job.aRows;
  ctrl[CTRL.A_COLS] = job.aCols;
  ctrl[CTRL.A_TRANS] = job.aTrans ? 1 : 0;
  ctrl[CTRL.B_ROWS] = job.bRows;
  ctrl[CTRL.B_COLS] = job.bCols;
  ctrl[CTRL.B_TRANS] = job.bTrans ? 1 : 0;
}

/** The job in the control block's slots (the worker's side). */
export function readJob(ctrl: Int32Array): GemmJob {
  return {
    m: ctrl[CTRL.M], n: ctrl[CTRL.N], k: ctrl[CTRL.K],
    aRows: ctrl[CTRL.A_ROWS], aCols: ctrl[CTRL.A_COLS], aTrans: ctrl[CTRL.A_TRANS] === 1,
    bRows: ctrl[CTRL.B_ROWS], bCols: ctrl[CTRL.B_COLS], bTrans: ctrl[CTRL.B_TRANS] === 1,
  };
}

/** Layout of one job in the data buffer: A block, then B block, then the m×n product. */
export function jobLayout(job: GemmJob): { aOff: number; bOff: number; cOff: number; floats: number } {
  const aOff = 0;
  const bOff = job.aRows * job.aCols;
  const cOff = bOff + job.bRows * job.bCols;
  return { aOff, bOff, cOff, floats: cOff + job.m * job.n };
}
