/**
 * Training-step benchmark: npm run bench -- --model mlp|lenet [--json] [--steps N] [--warmup N]
 *   [--backend auto|webgpu|wasm|cpu] [--threads N] [--ops layerlab|plain]   (LAYERLAB_NATIVE=0 disables the addon)
 *   --ops plain trains with stock tfjs ops only instead of the engine's fused training ops.
 * Prints the median ms/step, samples/s and GFLOPS; with --json the last stdout line is
 * {model, backend, native, threads, isa, cpu, kernels, msPerStep, samplesPerSec, gflops}; every run prints the CPU
 * model and its vector features, the addon's kernel set (LAYERLAB_ISA=avx2 forces the AVX2 one) and how many
 * ops and shapes run the addon's kernel and how many the wasm one (the per-shape choice, kernels/autotune.ts).
 * On webgpu (--backend webgpu, a software adapter too) the adapter line names the GPU the figures are for, and
 * --json adds {adapter}.
 * Compare by hand with: /usr/bin/python3 test/bench/torch_reference.py
 */
import * as tf from '@tensorflow/tfjs-core';
import { getBackendInfo, initBackend, nativeBlasCore, type BackendPreference } from '../../src-main/engine/backend';
import { adapterLabel } from '../../src-shared/api/backend';
import { cpuLabel } from '../../src-main/engine/backend/cpu';
import { createModel, randomBatch, sgdMomentum, type ModelName, type OpsFlavour } from './models';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const model = (arg('model') ?? 'mlp') as ModelName;
if (model !== 'mlp' && model !== 'lenet') {
  console.error(`--model must be mlp or lenet, got "${model}"`);
  process.exit(2);
}
const json = process.argv.includes('--json');
const steps = Number(arg('steps') ?? (model === 'mlp' ? 40 : 100));
const warmup = Number(arg('warmup') ?? 5);
const prefer = (arg('backend') ?? 'auto') as BackendPreference;
const threads = arg('threads') != null ? Number(arg('threads')) : undefined;
const ops = (arg('ops') ?? 'layerlab') as OpsFlavour;

const info = await initBackend({ prefer, threads });
const m = createModel(model, 1, undefined, ops);
const { x, oneHot } = randomBatch(m);
const opt = sgdMomentum(m);

const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const times: number[] = [];
const cpuTimes: number[] = [];
let loss = NaN;
for (let i = 0; i < warmup + steps; i++) {
  const c0 = cpuNow();
  const t0 = performance.now();
  loss = opt.step(m, x, oneHot);
  const t1 = performance.now();
  const c1 = cpuNow();
  if (i >= warmup) {
    times.push(t1 - t0);
    cpuTimes.push(c1 - c0);
  }
}
cpuTimes.sort((a, b) => a - b);
times.sort((a, b) => a - b);
const msPerStep = times[Math.floor(times.length / 2)];
const samplesPerSec = (m.batch / msPerStep) * 1000;
const gflops = m.flopsPerStep / (msPerStep * 1e6);
const threadsLabel = `${info.threads} thread${info.threads > 1 ? 's' : ''}`;
const backendLabel = info.native
  ? `${info.name}+native(${info.nativeLib} ${nativeBlasCore() ?? ''}, ${threadsLabel})`
  : `${info.name}(${threadsLabel})`;
const choices = Object.values(getBackendInfo()?.kernels ?? {});
const kernels = { native: choices.filter((c) => c === 'native').length, wasm: choices.filter((c) => c === 'wasm').length };
console.log(`cpu=${cpuLabel()} isa=${info.isa ?? '-'} kernels: ${kernels.native} shapes on the addon, ${kernels.wasm} on wasm`);
if (info.adapter) console.log(`adapter=${adapterLabel(info.adapter)}`);
else if (info.gpuNote) console.log(info.gpuNote);
console.log(
  `model=${model} backend=${backendLabel} ops=${ops} simd=${info.simd ?? '-'} batch=${m.batch} steps=${steps} ` +
    `loss=${loss.toFixed(4)} tensors=${tf.memory().numTensors}`,
);
console.log(
  `msPerStep=${msPerStep.toFixed(2)} (min ${times[0].toFixed(2)}, max ${times[times.length - 1].toFixed(2)}) ` +
    `cpuMsPerStep=${cpuTimes[Math.floor(cpuTimes.length / 2)].toFixed(2)} samplesPerSec=${samplesPerSec.toFixed(0)} gflops=${gflops.toFixed(1)}`,
);
if (json) {
  console.log(JSON.stringify({
    model, backend: info.name, native: info.native, threads: info.threads, isa: info.isa, cpu: cpuLabel(), kernels,
    ...(info.adapter ? { adapter: info.adapter } : {}),
    msPerStep: Number(msPerStep.toFixed(3)), samplesPerSec: Number(samplesPerSec.toFixed(1)), gflops: Number(gflops.toFixed(2)),
  }));
}
