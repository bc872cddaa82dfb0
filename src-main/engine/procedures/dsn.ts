import * as tf from '@tensorflow/tfjs-core';
import { join } from 'node:path';
import { METRIC, type MetricPoint } from '../../../src-shared/api/metrics';
import { ProcedureError } from '../../../src-shared/procedures/catalog';
import { DSN_METRIC, dsnModules, type DsnModuleIds, type DsnParams } from '../../../src-shared/procedures/dsn';
import { networkOutline } from '../../../src-shared/procedures/outline';
import type { DataSplit } from '../data';
import type { Model } from '../model';
import { createRng, deriveSeed } from '../rng';
import { saveWeights } from '../weights-io';
import { withoutUndefined } from './backprop';
import { meanSquaredNorm, moduleOutputs, outputErrors, solveUpperWeights, type DsnModuleWeights, type StackedInput } from './dsn-solve';
import type { FinishedMessage, ProcedureContext, ProcedureRunner } from './types';

const EVAL_ROWS = 1000;

interface ModuleRow {
  module: number;
  inputs: number;
  hidden: number;
  train: ReturnType<typeof outputErrors>;
  test: ReturnType<typeof outputErrors>;
  solveSeconds: number | null;
}

/**
 * A Deep Stacking Network (src-shared/procedures/dsn.ts): stage k draws module k's random lower weights,
 * solves its upper weights in closed form on the training set, writes both into the network's layers and
 * records the train and test error of the stack cut at module k; the last stage tests the whole stack
 * through the network and saves the error-against-modules curve and the per-module table. A resumed run
 * reads the finished modules' weights back from the network.
 */
export const dsnRunner: ProcedureRunner = {
  kind: 'dsn',
  async run(context: ProcedureContext): Promise<FinishedMessage> {
    const { job, model, splits, stages, config } = context;
    const params = context.procedure.params as DsnParams;
    const { modules, messages } = dsnModules(networkOutline(model.analysis));
    if (messages.length) throw new ProcedureError(messages.join('; '));
    if (modules.length !== params.modules) {
      throw new ProcedureError(`procedure dsn: params.modules is ${params.modules} but the network has ${modules.length} modules (hidden → output pairs); make them agree`);
    }
    const classes = context.dataset.summary.classes;
    const outputUnits = model.analysis.nodes.get(modules[0].output)!.outputShape![0];
    if (context.dataset.summary.task !== 'classification' || outputUnits !== classes) {
      throw new ProcedureError(`node "${modules[0].output}": procedure dsn classifies; each module's output needs one unit per class (${classes}), got ${outputUnits}`);
    }
    const sendMetrics = (points: MetricPoint[]) => context.send({ type: 'metrics', runId: job.runId, points: stages.stamp(points) });
    context.announceStarted();

    const train = stackedInput(splits.train, classes);
    const test = stackedInput(splits.test, classes);
    const trainLabels = splits.train.y as Int32Array;
    const testLabels = splits.test.y as Int32Array;
    const inputNorm = meanSquaredNorm(splits.train.x, splits.train.count);
    const rows: ModuleRow[] = [];

    for (let k = 0; k < modules.length; k++) {
      const hidden = model.analysis.nodes.get(modules[k].hidden)!.outputShape![0];
      const inputs = train.size + classes * k;
      const began = performance.now();
      let weights: DsnModuleWeights;
      if (k < context.resumeStage) {
        weights = readModule(model, modules[k], inputs, hidden, classes);
        stages.carriedOver(k, 1);
      } else {
        weights = await stages.run(
          k,
          () => {
            const lower = lowerWeights(params, inputNorm, train, inputs, hidden, deriveSeed(config.seed, 'dsn-lower', k));
            const upper = solveUpperWeights(train, trainLabels, lower.lower, lower.lowerBias, params.lambda, (fraction) => stages.progress(k, 0.8 * fraction));
            const solved: DsnModuleWeights = { inputs, hidden, classes, ...lower, ...upper };
            writeModule(model, modules[k], solved);
            return solved;
          },
          () => ({ status: 'completed', epochsDone: 1 }),
        );
      }
      const trainOutputs = moduleOutputs(train, weights);
      const testOutputs = moduleOutputs(test, weights);
      const row: ModuleRow = {
        module: k + 1,
        inputs,
        hidden,
        train: outputErrors(trainOutputs, trainLabels, classes),
        test: outputErrors(testOutputs, testLabels, classes),
        solveSeconds: k < context.resumeStage ? null : (performance.now() - began) / 1000,
      };
      rows.push(row);
      train.lowerOutputs.push(trainOutputs);
      test.lowerOutputs.push(testOutputs);
      if (k >= context.resumeStage) {
        const at = { step: 0, epoch: 1, wallMs: Math.round(performance.now() - context.started) };
        sendMetrics([
          { key: DSN_METRIC.trainErrorRate, ...at, value: row.train.errorRate },
          { key: DSN_METRIC.testErrorRate, ...at, value: row.test.errorRate },
          { key: DSN_METRIC.trainMse, ...at, value: row.train.mse },
          { key: DSN_METRIC.testMse, ...at, value: row.test.mse },
        ]);
        context.stageCheckpoint(k + 1);
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (context.signal?.aborted) return { type: 'finished', runId: job.runId, status: 'stopped', error: `stopped after module ${k + 1} of ${modules.length}` };
    }

    const evaluateIndex = modules.length;
    const evaluation = await stages.run(
      evaluateIndex,
      () => {
        const result = networkErrors(model, splits.test, classes, (fraction) => stages.progress(evaluateIndex, 0.9 * fraction));
        const at = { step: 0, epoch: 1, wallMs: Math.round(performance.now() - context.started) };
        sendMetrics([
          { key: METRIC.testErrors, ...at, value: result.errors },
          { key: METRIC.testErrorRate, ...at, value: result.errorRate },
          { key: METRIC.testLoss, ...at, value: result.mse },
        ]);
        writeArtifacts(context, rows, evaluateIndex);
        return result;
      },
      () => ({ status: 'completed', epochsDone: 1 }),
    );

    const weightBytes = saveWeights(model, join(job.dataDir, context.artifacts.path('weights.json')), splits.preprocessing);
    context.artifacts.announce('weights', 'weights.json', weightBytes);
    context.discardCheckpoint();
    return {
      type: 'finished',
      runId: job.runId,
      status: 'completed',
      result: withoutUndefined({
        epochs: modules.length,
        finalLoss: rows[rows.length - 1].train.mse,
        testLoss: evaluation.mse,
        testErrors: evaluation.errors,
        testErrorRate: evaluation.errorRate,
        testCount: splits.test.count,
        wallMs: Math.round(performance.now() - context.started),
      }),
    };
  },
};

function stackedInput(split: DataSplit, classes: number): StackedInput & { lowerOutputs: Float32Array[] } {
  return { x: split.x, size: split.x.length / Math.max(1, split.count), count: split.count, lowerOutputs: [], classes };
}

/**
 * Random lower weights: N(0, s²/E‖block‖²) per input block (the raw input with s = inputScale, each lower
 * module's output with s = stackScale), so each block drives a hidden unit's pre-activation with standard
 * deviation about s whatever its width; biases N(0, biasScale²).
 */
function lowerWeights(params: DsnParams, inputNorm: number, train: StackedInput, inputs: number, hidden: number, seed: number) {
  const rng = createRng(seed);
  const rowScale = new Float64Array(inputs);
  rowScale.fill(params.inputScale / Math.sqrt(Math.max(inputNorm, 1e-12)), 0, train.size);
  train.lowerOutputs.forEach((outputs, j) => {
    const scale = params.stackScale / Math.sqrt(Math.max(meanSquaredNorm(outputs, train.count), 1e-12));
    rowScale.fill(scale, train.size + j * train.classes, train.size + (j + 1) * train.classes);
  });
  const lower = new Float32Array(inputs * hidden);
  for (let i = 0; i < inputs; i++) for (let h = 0; h < hidden; h++) lower[i * hidden + h] = rng.normal() * rowScale[i];
  const lowerBias = Float32Array.from({ length: hidden }, () => rng.normal() * params.biasScale);
  return { lower, lowerBias };
}

function writeModule(model: Model, ids: DsnModuleIds, weights: DsnModuleWeights): void {
  const hidden = model.nodeWeights(ids.hidden)!;
  const output = model.nodeWeights(ids.output)!;
  tf.tidy(() => {
    hidden.kernel.assign(tf.tensor2d(weights.lower, [weights.inputs, weights.hidden]));
    hidden.bias.assign(tf.tensor1d(weights.lowerBias));
    output.kernel.assign(tf.tensor2d(weights.upper, [weights.hidden, weights.classes]));
    output.bias.assign(tf.tensor1d(weights.upperBias));
  });
}

function readModule(model: Model, ids: DsnModuleIds, inputs: number, hidden: number, classes: number): DsnModuleWeights {
  const lower = model.nodeWeights(ids.hidden)!;
  const upper = model.nodeWeights(ids.output)!;
  const read = (variable: tf.Variable) => Float32Array.from(variable.dataSync());
  return { inputs, hidden, classes, lower: read(lower.kernel), lowerBias: read(lower.bias), upper: read(upper.kernel), upperBias: read(upper.bias) };
}

/** The whole stack's test figures as the network computes them (the check that the solved weights sit in the right layers). */
function networkErrors(model: Model, split: DataSplit, classes: number, progress: (fraction: number) => void) {
  const size = split.x.length / Math.max(1, split.count);
  const outputs = new Float32Array(split.count * classes);
  for (let start = 0; start < split.count; start += EVAL_ROWS) {
    const end = Math.min(split.count, start + EVAL_ROWS);
    const y = tf.tidy(() => tf.reshape(model.apply(tf.tensor(split.x.subarray(start * size, end * size), [end - start, ...split.shape]), { training: false }), [end - start, classes]));
    outputs.set(y.dataSync() as Float32Array, start * classes);
    y.dispose();
    progress(end / split.count);
  }
  return outputErrors(outputs, split.y as Int32Array, classes);
}

function writeArtifacts(context: ProcedureContext, rows: ModuleRow[], stage: number): void {
  const modules = rows.map((row) => row.module);
  context.artifacts.write(
    'error-by-modules',
    {
      kind: 'curve',
      title: 'Error against the number of modules',
      caption: 'Classification error of the stack cut at each module (argmax of that module\u2019s linear output), on the training and test sets.',
      xLabel: 'modules',
      yLabel: 'error rate',
      series: [
        { name: 'train', x: modules, y: rows.map((row) => row.train.errorRate) },
        { name: 'test', x: modules, y: rows.map((row) => row.test.errorRate) },
      ],
    },
    stage,
  );
  context.artifacts.write(
    'modules',
    {
      kind: 'table',
      title: 'Modules of the stack',
      caption: 'Per module: its input width (input ⊕ lower outputs), hidden units, errors and squared error against 0/1 targets, and the solve time (empty: carried over from the run resumed).',
      columns: ['module', 'inputs', 'hidden', 'train errors', 'train error rate', 'test errors', 'test error rate', 'train MSE', 'test MSE', 'seconds'],
      rows: rows.map((row) => [
        row.module,
        row.inputs,
        row.hidden,
        row.train.errors,
        row.train.errorRate,
        row.test.errors,
        row.test.errorRate,
        row.train.mse,
        row.test.mse,
        row.solveSeconds === null ? null : Math.round(row.solveSeconds * 10) / 10,
      ]),
    },
    stage,
  );
}
