import { getKernel, type KernelConfig, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs-core';
import type { WasmBackendLike } from './wasm-heap';

/** The stock tfjs-backend-wasm kernels, captured before any override replaces them. */
const stock = new Map<string, KernelConfig>();

export function captureStock(names: readonly string[]): void {
  for (const name of names) {
    if (stock.has(name)) continue;
    const config = getKernel(name, 'wasm');
    if (config != null) stock.set(name, config);
  }
}

export function stockKernel(name: string): KernelConfig | undefined {
  return stock.get(name);
}

/** Runs a stock wasm kernel directly (not through the engine); the caller owns the result. */
export function runStock(
  name: string,
  backend: WasmBackendLike,
  inputs: Record<string, TensorInfo>,
  attrs: NamedAttrMap = {},
): TensorInfo {
  const config = stock.get(name) ?? getKernel(name, 'wasm');
  if (config == null) throw new Error(`wasm kernel ${name} is not registered`);
  const out = config.kernelFunc({ inputs, backend: backend as never, attrs });
  return Array.isArray(out) ? out[0] : out;
}

/** Transposes the last two dimensions with the stock (XNNPACK) Transpose kernel. */
export function transposeLast2(backend: WasmBackendLike, x: TensorInfo): TensorInfo {
  const r = x.shape.length;
  const perm = x.shape.map((_, i) => i);
  perm[r - 2] = r - 1;
  perm[r - 1] = r - 2;
  return runStock('Transpose', backend, { x }, { perm });
}

/** y = activation(x + bias) with stock kernels, for shapes the fused fast paths do not take. Disposes x. */
export function biasAndActivation(
  backend: WasmBackendLike,
  x: TensorInfo,
  bias: TensorInfo | undefined,
  activation: string,
  preluWeights: TensorInfo | undefined,
  leakyreluAlpha: number,
): TensorInfo {
  let y = x;
  const step = (next: TensorInfo) => {
    backend.disposeData(y.dataId);
    y = next;
  };
  if (bias != null) step(runStock('Add', backend, { a: y, b: bias }));
  switch (activation) {
    case 'linear':
      break;
    case 'relu':
      step(runStock('Relu', backend, { x: y }));
      break;
    case 'relu6':
      step(runStock('Relu6', backend, { x: y }));
      break;
    case 'leakyrelu':
      step(runStock('LeakyRelu', backend, { x: y }, { alpha: leakyreluAlpha }));
      break;
    case 'sigmoid':
      step(runStock('Sigmoid', backend, { x: y }));
      break;
    case 'elu':
      step(runStock('Elu', backend, { x: y }));
      break;
    case 'prelu':
      if (preluWeights == null) throw new Error('prelu activation needs preluActivationWeights');
      step(runStock('Prelu', backend, { x: y, alpha: preluWeights }));
      break;
    default:
      throw new Error(`unknown fused activation "${activation}"; expected linear, relu, relu6, leakyrelu, sigmoid, elu or prelu`);
  }
  return y;
}

/** Native activation codes; must match ll::Act in src-native/src/common.h. */
export const NATIVE_ACT: Record<string, number> = {
  linear: 0,
  relu: 1,
  relu6: 2,
  leakyrelu: 3,
  sigmoid: 4,
  elu: 5,
};
