/**
 * Per-kernel time breakdown of one training step: npm exec tsx test/bench/profile.ts -- --model mlp|lenet
 * (a tool for tuning the kernels; not part of the benchmark figures).
 */
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src-main/engine/backend';
import { createModel, randomBatch, sgdMomentum, type ModelName } from './models';

const i = process.argv.indexOf('--model');
const model = (i >= 0 ? process.argv[i + 1] : 'mlp') as ModelName;
const info = await initBackend();
const m = createModel(model);
const { x, oneHot } = randomBatch(m);
const opt = sgdMomentum(m);
for (let s = 0; s < 5; s++) opt.step(m, x, oneHot);
const totals = new Map<string, { ms: number; n: number }>();
const reps = 10;
let wall = 0;
for (let r = 0; r < reps; r++) {
  const t0 = performance.now();
  const prof = await tf.profile(() => {
    opt.step(m, x, oneHot);
  });
  wall += performance.now() - t0;
  for (const k of prof.kernels) {
    const e = totals.get(k.name) ?? { ms: 0, n: 0 };
    e.ms += k.kernelTimeMs as number;
    e.n += 1;
    totals.set(k.name, e);
  }
}
const rows = [...totals.entries()].sort((a, b) => b[1].ms - a[1].ms);
let sum = 0;
let count = 0;
for (const [, e] of rows) {
  sum += e.ms;
  count += e.n;
}
console.log(`${model} on ${info.name}${info.native ? '+native' : ''}: wall ${(wall / reps).toFixed(2)} ms/step (profiled), kernels ${(sum / reps).toFixed(2)} ms in ${count / reps} calls`);
for (const [name, e] of rows) console.log(`${name.padEnd(24)} ${(e.ms / reps).toFixed(3).padStart(8)} ms  ${String(e.n / reps).padStart(4)} calls`);
