import { readFileSync } from 'node:fs';
import { test } from 'vitest';
import { assignWeights, buildModel, evaluate, fit, loadDataset, preprocess, splitValidation, divergenceCallback, metricsCallback, progressCallback } from '../../../src-main/engine';
import { serializeWeights } from '../../../src-main/engine/weights-io';
import { checkModelFitsData } from '../../../src-main/engine/compat';
import { trainJobSchema } from '../../../src-shared/api/trainer-protocol';
import { useTrainerBackend } from './helpers';
function decode(file: ReturnType<typeof serializeWeights>) {
  const weights: Record<string, Record<string, { shape: number[]; values: Float32Array }>> = {};
  for (const [n, named] of Object.entries(file.weights)) for (const [k, v] of Object.entries(named)) { const b = Buffer.from(v.data, 'base64'); const f = new Float32Array(b.length / 4); new Uint8Array(f.buffer).set(b); (weights[n] ??= {})[k] = { shape: v.shape, values: f }; }
  return { spec: file.spec, weights };
}
test('dbg', async () => {
  await useTrainerBackend();
  const tpl = JSON.parse(readFileSync('resources/templates/mlp-784-800-800-10.json', 'utf8'));
  const job = trainJobSchema.parse({ dataDir: '/x', runId: 'd', spec: tpl.spec, config: { ...tpl.config, epochs: 1, seed: 1 }, dataset: { name: 'mnist', trainLimit: 2000 } });
  const { config } = job;
  const dataset = loadDataset(job.dataset, job.dataDir, { validationSplit: config.validationSplit });
  const task = { task: dataset.summary.task, classes: dataset.summary.classes };
  const model = buildModel(job.spec, config.init, config.seed);
  checkModelFitsData(model, dataset.summary, 1);
  const { train: trainPart, val: valPart } = splitValidation(dataset.train, config.validationSplit);
  const prepared = preprocess(config.preprocessing, { train: trainPart, others: [valPart, dataset.test] }, dataset.valueRange);
  const [val, testSplit] = prepared.others;
  const withCallbacks = process.env.CB === '1';
  await fit({ model, config, train: prepared.train, val, task, callbacks: withCallbacks ? [divergenceCallback(), metricsCallback(() => {}), progressCallback(() => {})] : [] });
  const e1 = evaluate(model, testSplit, task, config.loss);
  const copy = buildModel(job.spec, config.init, 5);
  assignWeights(copy, decode(serializeWeights(model)));
  const e2 = evaluate(copy, testSplit, task, config.loss);
  const e3 = evaluate(model, testSplit, task, config.loss);
  const fresh = loadDataset(job.dataset, job.dataDir);
  const freshTest = preprocess('scale', { train: fresh.train, others: [fresh.test] }, fresh.valueRange).others[0];
  const e4 = evaluate(model, freshTest, task, config.loss);
  let maxDiff = 0; for (let i = 0; i < freshTest.x.length; i++) maxDiff = Math.max(maxDiff, Math.abs(freshTest.x[i] - testSplit.x[i]));
  const fresh2 = loadDataset(job.dataset, job.dataDir, { validationSplit: 0.1 });
  const sv = splitValidation(fresh2.train, 0.1);
  const t2 = preprocess('scale', { train: sv.train, others: [sv.val, fresh2.test] }, fresh2.valueRange).others[1];
  let maxDiff2 = 0; for (let i = 0; i < t2.x.length; i++) maxDiff2 = Math.max(maxDiff2, Math.abs(t2.x[i] - testSplit.x[i]));
  console.log('RESULT ' + JSON.stringify([e1.errors, e2.errors, e3.errors, e4.errors, maxDiff, maxDiff2, testSplit.x.length, freshTest.x.length]));
});
