import type { DataType, TensorInfo } from '@tensorflow/tfjs-core';

/** The parts of tfjs-backend-wasm's BackendWasm that the kernel overrides use. */
export interface WasmTensorData {
  id: number;
  memoryOffset: number;
  shape: number[];
  dtype: DataType;
  refCount: number;
}

export interface WasmModuleLike {
  HEAPU8: Uint8Array;
  HEAPF32: Float32Array;
  _malloc(bytes: number): number;
  _free(ptr: number): void;
  tfjs: { disposeData(id: number): void };
}

export interface WasmBackendLike {
  wasm: WasmModuleLike;
  dataIdMap: { get(dataId: object): WasmTensorData; delete(dataId: object): boolean };
  makeOutput(shape: number[], dtype: DataType, memoryOffset?: number): TensorInfo;
  disposeData(dataId: object, force?: boolean): boolean;
}

/** Float32 element offset of a tensor in the wasm heap. */
export function f32Offset(backend: WasmBackendLike, t: TensorInfo): number {
  return backend.dataIdMap.get(t.dataId).memoryOffset >>> 2;
}

/**
 * The wasm heap's ArrayBuffer. Read it after every allocation of a kernel: growing the
 * wasm memory replaces the buffer.
 */
export function heapBuffer(backend: WasmBackendLike): ArrayBuffer {
  return backend.wasm.HEAPU8.buffer as ArrayBuffer;
}

export function heapF32(backend: WasmBackendLike): Float32Array {
  return backend.wasm.HEAPF32;
}

/** A tensor that aliases part of another one's memory; free it with disposeView, never disposeData. */
export function makeView(backend: WasmBackendLike, base: TensorInfo, elemOffset: number, shape: number[]): TensorInfo {
  const mem = backend.dataIdMap.get(base.dataId).memoryOffset + elemOffset * 4;
  return backend.makeOutput(shape, 'float32', mem);
}

export function disposeView(backend: WasmBackendLike, view: TensorInfo): void {
  const data = backend.dataIdMap.get(view.dataId);
  backend.wasm.tfjs.disposeData(data.id);
  backend.dataIdMap.delete(view.dataId);
}

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
