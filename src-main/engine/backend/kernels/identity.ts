import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { runStock } from './stock';
import type { WasmBackendLike } from './wasm-heap';

/**
 * Identity without a copy. The engine clones (Identity) every tensor it saves for the backward
 * pass; the stock wasm kernel copies the data each time (megabytes per step for an MLP's weights),
 * while tensors are immutable, so sharing the buffer by reference count is enough — as the cpu
 * backend and the wasm Reshape kernel already do.
 */
export function shareIdentity(backend: WasmBackendLike & { incRef(dataId: object): void }, x: TensorInfo): TensorInfo {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
}

/** Cast to the same dtype (gradients do cast(x, 'float32') a lot) shares too; other casts are stock. */
export function castShared(
  backend: WasmBackendLike & { incRef(dataId: object): void }, inputs: Record<string, TensorInfo>, attrs: NamedAttrMap,
): TensorInfo {
  const { x } = inputs;
  if (attrs.dtype === x.dtype) return shareIdentity(backend, x);
  return runStock('Cast', backend, inputs, attrs);
}
