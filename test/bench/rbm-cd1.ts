/**
 * One CD-1 step of a 784-500 binary RBM on a batch of 100 (rbm.m's update, the engine's ContrastiveDivergence):
 *   npx tsx test/bench/rbm-cd1.ts [--steps N] [--warmup N] [--threads N] [--json]
 * Prints the median ms/step and CPU ms/step; with --json the last stdout line is one JSON object.
 * Its PyTorch twin is rbm_cd1_torch.py; rbm-cd1-compare.mjs runs both and prints the ratio.
 */
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src-main/engine/backend';
import { ContrastiveDivergence } from '../../src-main/engine/rbm/contrastive-divergence';
import { createRbm } from '../../src-main/engine/rbm/rbm';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const steps = Number(arg('steps') ?? 50);
const warmup = Number(arg('warmup') ?? 5);
const threads = arg('threads') != null ? Number(arg('threads')) : undefined;

const info = await initBackend({ threads });
const rbm = createRbm({ visibleSize: 784, hiddenSize: 500, visible: 'binary', hidden: 'binary' }, 0.1, 1, 'bench');
const cd = new ContrastiveDivergence(rbm, { steps: 1, persistent: false, weightDecay: 2e-4, sparsity: null });
// Binary data at MNIST's mean pixel intensity (about 0.13).
const v = tf.tidy(() => tf.cast(tf.less(tf.randomUniform([100, 784], 0, 1, 'float32', 7), 0.13), 'float32')) as tf.Tensor2D;

const cpuNow = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};
const times: number[] = [];
const cpu: number[] = [];
let error = Number.NaN;
for (let i = 0; i < warmup + steps; i++) {
  const c0 = cpuNow();
  const t0 = performance.now();
  error = cd.step(v, { learningRate: 0.1, momentum: 0.5 }, i);
  const t1 = performance.now();
  if (i >= warmup) {
    times.push(t1 - t0);
    cpu.push(cpuNow() - c0);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const msPerStep = median(times);
const cpuMsPerStep = median(cpu);
// Three [100×784]·[784×500]-sized products (positive statistics, reconstruction, negative statistics) and two more for the hidden means.
const gflops = (5 * 2 * 100 * 784 * 500) / (msPerStep * 1e6);
console.log(`backend=${info.name}${info.native ? '+native' : ''} threads=${info.threads} steps=${steps} reconstruction=${error.toFixed(2)}`);
console.log(`msPerStep=${msPerStep.toFixed(3)} (min ${Math.min(...times).toFixed(3)}) cpuMsPerStep=${cpuMsPerStep.toFixed(3)} gflops=${gflops.toFixed(1)}`);
if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ backend: info.name, native: info.native, threads: info.threads, msPerStep, minMs: Math.min(...times), cpuMsPerStep, gflops }));
}
