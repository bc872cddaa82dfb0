/**
 * Per-kernel CPU-time breakdown of training steps (process CPU time, so other processes on a busy
 * machine distort it less than wall time): npx tsx test/bench/profile.ts --model mlp|lenet
 * A tool for tuning the kernels; not part of the benchmark figures.
 */
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src-main/engine/backend';
import { cpuLabel } from '../../src-main/engine/backend/cpu';
import { createModel, randomBatch, sgdMomentum, type ModelName } from './models';

const i = process.argv.indexOf('--model');
const model = (i >= 0 ? process.argv[i + 1] : 'mlp') as ModelName;
const info = await initBackend();
const m = createModel(model);
const { x, oneHot } = randomBatch(m);
const opt = sgdMomentum(m);
for (let s = 0; s < 5; s++) opt.step(m, x, oneHot);

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const totals = new Map<string, { ms: number; n: number }>();
let depth = 0;
for (const config of tf.getKernelsForBackend(tf.getBackend())) {
  const inner = config.kernelFunc;
  tf.unregisterKernel(config.kernelName, config.backendName);
  tf.registerKernel({
    ...config,
    kernelFunc: (args) => {
      if (depth > 0) return inner(args);
      depth++;
      const t0 = cpuMs();
      try {
        return inner(args);
      } finally {
        const e = totals.get(config.kernelName) ?? { ms: 0, n: 0 };
        e.ms += cpuMs() - t0;
        e.n += 1;
        totals.set(config.kernelName, e);
        depth--;
      }
    },
  });
}
const reps = 20;
const t0 = cpuMs();
for (let r = 0; r < reps; r++) opt.step(m, x, oneHot);
const total = (cpuMs() - t0) / reps;
const rows = [...totals.entries()].sort((a, b) => b[1].ms - a[1].ms);
const inKernels = rows.reduce((s, [, e]) => s + e.ms, 0) / reps;
const calls = rows.reduce((s, [, e]) => s + e.n, 0) / reps;
console.log(`cpu=${cpuLabel()} isa=${info.isa ?? '-'} threads=${info.threads}`);
console.log(`${model} on ${info.name}${info.native ? '+native' : ''}: ${total.toFixed(2)} CPU ms/step, ` +
  `${inKernels.toFixed(2)} in ${calls} kernel calls, ${(total - inKernels).toFixed(2)} outside kernels`);
for (const [name, e] of rows) console.log(`${name.padEnd(24)} ${(e.ms / reps).toFixed(3).padStart(8)} ms  ${String(e.n / reps).padStart(4)} calls`);
