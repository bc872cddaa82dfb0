import {
  getKernel, registerKernel, unregisterKernel, type KernelFunc, type NamedAttrMap, type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../native';
import { opKey, type KernelTuner } from './autotune';
import { nativeConv2D, nativeConv2DBackpropFilter, nativeConv2DBackpropInput, wasmConv2D } from './conv';
import { wasmConv2DBackpropFilter, wasmConv2DBackpropInput } from './conv-backprop';
import { matMulArgs, nativeMatMul, wasmMatMul } from './matmul';
import { jsPoolGrad, nativePool, nativePoolGrad, wasmPool } from './pool';
import { castShared, shareIdentity } from './identity';
import { captureStock, runStock, stockKernel } from './stock';
import {
  BIAS_ACT_GRAD, DROPOUT_MASK, MAXPOOL_BIAS_ACT_GRAD, RELU_GRAD, SGD_MOMENTUM, biasActGradKernel, dropoutMaskKernel,
  maxPoolBiasActGradKernel, reluGradKernel, sgdMomentumKernel,
} from './training';
import type { WasmBackendLike } from './wasm-heap';

type Backend = WasmBackendLike & { incRef(dataId: object): void };
type Impl = (backend: Backend, inputs: Record<string, TensorInfo>, attrs: NamedAttrMap) => TensorInfo | TensorInfo[];

/** Kernels LayerLab may replace on the wasm backend. */
export const OVERRIDABLE = [
  'Identity', 'Cast', 'BatchMatMul', '_FusedMatMul', 'Conv2D', 'FusedConv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter',
  'MaxPool', 'MaxPoolGrad', 'AvgPool', 'AvgPoolGrad', RELU_GRAD, SGD_MOMENTUM, BIAS_ACT_GRAD, DROPOUT_MASK,
  MAXPOOL_BIAS_ACT_GRAD,
] as const;
/** Ops with both an addon kernel and a wasm one: with a tuner, the faster per shape runs. */
export const TUNABLE = [
  'BatchMatMul', '_FusedMatMul', 'Conv2D', 'FusedConv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter',
  'MaxPool', 'MaxPoolGrad', 'AvgPool', 'AvgPoolGrad',
] as const;
/** Stock kernels the overrides call into. */
const HELPERS = ['Transpose', 'Add', 'Relu', 'Relu6', 'LeakyRelu', 'Sigmoid', 'Elu', 'Prelu'];

function allFloat(inputs: Record<string, TensorInfo>): boolean {
  return Object.values(inputs).every((t) => t == null || t.dtype === 'float32');
}

const common: Partial<Record<string, Impl>> = {
  Identity: (backend, inputs) => shareIdentity(backend, inputs.x),
  Cast: (backend, inputs, attrs) => castShared(backend, inputs, attrs),
};

function wasmImpls(): Partial<Record<string, Impl>> {
  return {
    ...common,
    BatchMatMul: (backend, inputs, attrs) => wasmMatMul(backend, matMulArgs(inputs, attrs)),
    _FusedMatMul: (backend, inputs, attrs) => wasmMatMul(backend, matMulArgs(inputs, attrs)),
    Conv2D: (backend, inputs, attrs) => wasmConv2D(backend, inputs, attrs, false),
    FusedConv2D: (backend, inputs, attrs) => wasmConv2D(backend, inputs, attrs, true),
    Conv2DBackpropInput: (backend, inputs, attrs) => wasmConv2DBackpropInput(backend, inputs, attrs),
    Conv2DBackpropFilter: (backend, inputs, attrs) => wasmConv2DBackpropFilter(backend, inputs, attrs),
    MaxPool: (backend, inputs, attrs) => wasmPool(backend, 'MaxPool', inputs, attrs),
    AvgPool: (backend, inputs, attrs) => wasmPool(backend, 'AvgPool', inputs, attrs),
    MaxPoolGrad: (backend, inputs, attrs) => jsPoolGrad(backend, 'MaxPoolGrad', inputs, attrs),
    AvgPoolGrad: (backend, inputs, attrs) => jsPoolGrad(backend, 'AvgPoolGrad', inputs, attrs),
  };
}

function nativeImpls(addon: NativeAddon): Partial<Record<string, Impl>> {
  return {
    ...common,
    [RELU_GRAD]: (backend, inputs) => reluGradKernel(backend, addon, inputs),
    [SGD_MOMENTUM]: (backend, inputs, attrs) => sgdMomentumKernel(backend, addon, inputs, attrs),
    [BIAS_ACT_GRAD]: (backend, inputs, attrs) => biasActGradKernel(backend, addon, inputs, attrs),
    [DROPOUT_MASK]: (backend, _inputs, attrs) => dropoutMaskKernel(backend, addon, attrs),
    [MAXPOOL_BIAS_ACT_GRAD]: (backend, inputs, attrs) => maxPoolBiasActGradKernel(backend, addon, inputs, attrs),
    BatchMatMul: (backend, inputs, attrs) => nativeMatMul(backend, addon, matMulArgs(inputs, attrs)),
    _FusedMatMul: (backend, inputs, attrs) => nativeMatMul(backend, addon, matMulArgs(inputs, attrs)),
    Conv2D: (backend, inputs, attrs) => nativeConv2D(backend, addon, inputs, attrs, false),
    FusedConv2D: (backend, inputs, attrs) => nativeConv2D(backend, addon, inputs, attrs, true),
    Conv2DBackpropInput: (backend, inputs, attrs) => nativeConv2DBackpropInput(backend, addon, inputs, attrs),
    Conv2DBackpropFilter: (backend, inputs, attrs) => nativeConv2DBackpropFilter(backend, addon, inputs, attrs),
    MaxPool: (backend, inputs, attrs) => nativePool(backend, addon, 'MaxPool', inputs, attrs),
    AvgPool: (backend, inputs, attrs) => nativePool(backend, addon, 'AvgPool', inputs, attrs),
    MaxPoolGrad: (backend, inputs, attrs) => nativePoolGrad(backend, addon, 'MaxPoolGrad', inputs, attrs),
    AvgPoolGrad: (backend, inputs, attrs) => nativePoolGrad(backend, addon, 'AvgPoolGrad', inputs, attrs),
  };
}

/** The addon's kernels, with each TUNABLE op running whichever of its addon and wasm kernels `tuner` found faster. */
function tunedImpls(addon: NativeAddon, tuner: KernelTuner): Partial<Record<string, Impl>> {
  const native = nativeImpls(addon);
  const wasm = wasmImpls();
  const impls = { ...native };
  for (const name of TUNABLE) {
    const n = native[name]!;
    const w = wasm[name]!;
    impls[name] = (backend, inputs, attrs) => tuner.run(
      opKey(name, inputs, attrs),
      (p) => (p === 'native' ? n : w)(backend, inputs, attrs) as TensorInfo,
      (t) => backend.disposeData(t.dataId),
    );
  }
  return impls;
}

function replace(name: string, kernelFunc: KernelFunc): void {
  if (getKernel(name, 'wasm') != null) unregisterKernel(name, 'wasm');
  registerKernel({ kernelName: name, backendName: 'wasm', kernelFunc });
}

/**
 * Registers LayerLab's kernels on the 'wasm' backend: with the addon, sgemm/im2col/pooling kernels
 * that work in the wasm heap; without it, the transposed-matmul fix and the missing
 * Conv2DBackpropFilter. Call after the wasm backend is initialized. May be called again to switch
 * between the two sets (the stock kernels are kept and restored where no override applies).
 * With the addon and a tuner, each TUNABLE op runs the faster of its two kernels per shape (autotune.ts).
 * Returns the names of the overridden kernels.
 */
export function installWasmKernels(addon: NativeAddon | null, tuner: KernelTuner | null = null): string[] {
  captureStock([...OVERRIDABLE, ...HELPERS]);
  const impls = addon == null ? wasmImpls() : tuner != null ? tunedImpls(addon, tuner) : nativeImpls(addon);
  const installed: string[] = [];
  for (const name of OVERRIDABLE) {
    const impl = impls[name];
    const stock = stockKernel(name);
    if (impl == null) {
      if (stock != null) replace(name, stock.kernelFunc);
      continue;
    }
    const kernelFunc = ((args: { inputs: Record<string, TensorInfo>; backend: unknown; attrs?: NamedAttrMap }) => {
      const backend = args.backend as Backend;
      const attrs = args.attrs ?? {};
      if (stock != null && name !== 'Identity' && name !== 'Cast' && !allFloat(args.inputs)) {
        return runStock(name, backend, args.inputs, attrs);
      }
      return impl(backend, args.inputs, attrs);
    }) as unknown as KernelFunc;
    replace(name, kernelFunc);
    installed.push(name);
  }
  return installed;
}
