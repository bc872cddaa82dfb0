/**
 * How many AIS temperatures a DBM's log Z needs, with the uniform hidden base and with the data's
 * mean-field base, on a DBM saved by a `dbm` run (its artifacts folder: checkpoint.json + dbm-state.json):
 *   npx tsx test/bench/dbm-ais.ts DIR [--betas 1000,5000,20000] [--runs 20] [--rows 2000] [--seed 1] [--json]
 * Prints, per base and β count, log Ẑ, its ±3σ̂ range, the test lower bound on the run's binarised test
 * images (the procedure's seed and rows) and the wall time. The data start is built from the mean field of
 * the first 5,000 training images (the procedure uses its boundRows, 2,000 by default). An estimate that still moves with more β has
 * not converged; AIS tends to underestimate log Z, which flatters the bound.
 */
import * as tf from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend } from '../../src-main/engine/backend';
import { loadMnist } from '../../src-main/engine/data/mnist';
import { estimateDbmLogPartition, hiddenBaseRates, visibleBaseRates } from '../../src-main/engine/dbm/ais';
import type { Dbm } from '../../src-main/engine/dbm/dbm';
import { binarise, meanBound } from '../../src-main/engine/procedures/dbm';
import { deriveSeed } from '../../src-main/engine/rng';
import { decodeTensor, type EncodedTensor } from '../../src-main/engine/tensor-codec';

const dir = process.argv[2];
if (!dir || dir.startsWith('--')) {
  console.error('usage: npx tsx test/bench/dbm-ais.ts ARTIFACTS_DIR [--betas 1000,5000] [--runs 20] [--rows 2000] [--seed 1] [--json]');
  process.exit(2);
}
const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const betaCounts = (arg('betas') ?? '1000,5000,20000').split(',').map(Number);
const runs = Number(arg('runs') ?? 20);
const rows = Number(arg('rows') ?? 2000);
const seed = Number(arg('seed') ?? 1);

await initBackend();
const checkpoint = JSON.parse(readFileSync(join(dir, 'checkpoint.json'), 'utf8')) as { weights: Record<string, { kernel: EncodedTensor; bias: EncodedTensor }> };
const state = JSON.parse(readFileSync(join(dir, 'dbm-state.json'), 'utf8')) as { visibleBias: number[] };
const [h1, h2] = Object.values(checkpoint.weights);
const tensor = (entry: EncodedTensor) => tf.tensor(decodeTensor(entry) as Float32Array, entry.shape);
const dbm: Dbm = { W1: tensor(h1.kernel) as tf.Tensor2D, c1: tensor(h1.bias) as tf.Tensor1D, W2: tensor(h2.kernel) as tf.Tensor2D, c2: tensor(h2.bias) as tf.Tensor1D, b: tf.tensor1d(state.visibleBias) };

const mnist = loadMnist({});
const V = dbm.W1.shape[0];
const scaled = (x: Float32Array) => Float32Array.from(x, (value) => value / 255);
const train = scaled(mnist.train.x);
const testBinary = binarise(scaled(mnist.test.x), deriveSeed(seed, 'dbm-test-binarize'));
const visibleBase = visibleBaseRates(train, mnist.train.count, V);
const dataBase = hiddenBaseRates(dbm, train, mnist.train.count, V, 5000, 30);

const results: { base: string; betas: number; logZ: number; low: number; high: number; bound: number; seconds: number }[] = [];
for (const betas of betaCounts) {
  for (const base of ['uniform', 'data'] as const) {
    const started = performance.now();
    const estimate = estimateDbmLogPartition(dbm, visibleBase, { runs, betas, seed: deriveSeed(seed, 'bench-ais', betas), hiddenBase: base === 'data' ? dataBase : undefined });
    const seconds = (performance.now() - started) / 1000;
    const bound = meanBound(dbm, testBinary.subarray(0, rows * V), rows, 30, estimate.logZ);
    results.push({ base, betas, logZ: estimate.logZ, low: estimate.logZLow, high: estimate.logZHigh, bound, seconds });
    console.log(`${base.padEnd(7)} β ${String(betas).padStart(6)}: log Z ${estimate.logZ.toFixed(2)} [${estimate.logZLow.toFixed(2)}, ${estimate.logZHigh.toFixed(2)}], bound ${bound.toFixed(2)} nats, ${seconds.toFixed(1)} s`);
  }
}
if (process.argv.includes('--json')) console.log(JSON.stringify({ runs, rows, results }));
