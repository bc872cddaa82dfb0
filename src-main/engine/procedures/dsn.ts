import * as tf from '@tensorflow/tfjs-core';
import { join } from 'node:path';
import { METRIC, type MetricPoint } from '../../../src-shared/api/metrics';
import { ProcedureError } from '../../../src-shared/procedures/catalog';
import { DSN_METRIC, dsnModules, dsnStagePlan, type DsnModuleIds, type DsnParams, type DsnStage } from '../../../src-shared/procedures/dsn';
import { networkOutline } from '../../../src-shared/procedures/outline';
import type { DataSplit } from '../data';
import type { EpochLoopResult } from '../epoch-loop';
import type { Model } from '../model';
import { createRng, deriveSeed } from '../rng';
import { saveWeights } from '../weights-io';
import { withoutUndefined } from './backprop';
import { meanSquaredNorm, moduleOutputs, outputErrors, solveUpperWeights, type DsnModuleWeights, type StackedInput } from './dsn-solve';
import { fineTuneStage, moduleRbmStage, networkErrors, refineStage } from './dsn-stages';
import type { FinishedMessage, ProcedureContext, ProcedureRunner } from './types';

interface ModuleRow {
  module: number;
  inputs: number;
  hidden: number;
  train: ReturnType<typeof outputErrors>;
  test: ReturnType<typeof outputErrors>;
  /** The closed form on the module's first lower weights, before refinement (null: no refinement, or carried over). */
  closedForm: { trainMse: number; testErrorRate: number } | null;
  seconds: number | null;
}

/**
 * A Deep Stacking Network (src-shared/procedures/dsn.ts), stage by stage as dsnStagePlan lists them: per
 * module [an RBM on its input gives the lower weights], the solve (random lower weights unless the RBM gave
 * them; upper weights in closed form on the training set), [gradient refinement of the lower weights with U
 * solved again]; each writes the module into the network's layers, and the module's train and test errors
 * (the stack cut there) are recorded after its last stage. Then [backprop through the whole stack], and the
 * evaluation tests the whole network and saves the error-against-modules curve and the per-module table.
 * A resumed run reads the finished stages' weights back from the network.
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
    if (params.lowerInit === 'rbm' && splits.train.x.some((value) => value < 0 || value > 1)) {
      throw new ProcedureError(`procedure dsn: lowerInit 'rbm' trains binary visible units on the input, which must lie in [0, 1]; set config.preprocessing to 'scale' (it is '${config.preprocessing}')`);
    }
    const sendMetrics = (points: MetricPoint[]) => context.send({ type: 'metrics', runId: job.runId, points: stages.stamp(points) });
    const at = () => ({ step: 0, epoch: 1, wallMs: Math.round(performance.now() - context.started) });
    const end = (status: 'stopped' | 'diverged', error: string): FinishedMessage => ({ type: 'finished', runId: job.runId, status, error });
    context.announceStarted();

    const train = stackedInput(splits.train, classes);
    const test = stackedInput(splits.test, classes);
    const trainLabels = splits.train.y as Int32Array;
    const testLabels = splits.test.y as Int32Array;
    const data = { train, test, trainLabels, testLabels };
    const inputNorm = meanSquaredNorm(splits.train.x, splits.train.count);
    const plan = dsnStagePlan(params);
    const stageOf = (part: DsnStage['part'], k?: number) => plan.findIndex((stage) => stage.part === part && (!('module' in stage) || stage.module === k));
    const resumed = (index: number) => index >= 0 && index < context.resumeStage;
    const rows: ModuleRow[] = [];

    for (let k = 0; k < modules.length; k++) {
      const ids = modules[k];
      const hidden = model.analysis.nodes.get(ids.hidden)!.outputShape![0];
      const inputs = train.size + classes * k;
      const [rbmAt, solveAt, refineAt] = [stageOf('rbm', k), stageOf('solve', k), stageOf('refine', k)];
      const lastAt = Math.max(solveAt, refineAt);
      const began = performance.now();
      let weights: DsnModuleWeights;
      let closedForm: ModuleRow['closedForm'] = null;
      if (resumed(lastAt)) {
        weights = readModule(model, ids, inputs, hidden, classes);
        if (rbmAt >= 0) stages.carriedOver(rbmAt, params.rbmEpochs);
        stages.carriedOver(solveAt, 1);
        if (refineAt >= 0) stages.carriedOver(refineAt, params.refineEpochs);
      } else {
        if (resumed(rbmAt)) stages.carriedOver(rbmAt, params.rbmEpochs);
        else if (rbmAt >= 0) {
          const loop = await moduleRbmStage(context, rbmAt, k, ids.hidden, hidden, train, test);
          if (loop.status !== 'completed') return end(loop.status, loop.status === 'stopped' ? `stopped while training the RBM of module ${k + 1}` : `RBM of module ${k + 1}: ${loop.reason}`);
          context.stageCheckpoint(rbmAt + 1);
          if (await stopRequested(context)) return end('stopped', `stopped after the RBM of module ${k + 1}`);
        }
        let solveMse: number | null = null;
        if (resumed(solveAt)) {
          stages.carriedOver(solveAt, 1);
          weights = readModule(model, ids, inputs, hidden, classes);
        } else {
          const solved = await stages.run(
            solveAt,
            () => {
              const lower =
                params.lowerInit === 'rbm' ? readModule(model, ids, inputs, hidden, classes) : lowerWeights(params, inputNorm, train, inputs, hidden, deriveSeed(config.seed, 'dsn-lower', k));
              const { trainMse, ...upper } = solveUpperWeights(train, trainLabels, lower.lower, lower.lowerBias, params.lambda, (fraction) => stages.progress(solveAt, 0.8 * fraction));
              const module: DsnModuleWeights = { inputs, hidden, classes, lower: lower.lower, lowerBias: lower.lowerBias, ...upper };
              writeModule(model, ids, module);
              return { module, trainMse };
            },
            () => ({ status: 'completed', epochsDone: 1 }),
          );
          weights = solved.module;
          solveMse = solved.trainMse;
        }
        if (refineAt >= 0) {
          const testErrorRate = outputErrors(moduleOutputs(test, weights), testLabels, classes).errorRate;
          closedForm = { trainMse: solveMse ?? outputErrors(moduleOutputs(train, weights), trainLabels, classes).mse, testErrorRate };
          if (!resumed(solveAt)) {
            sendMetrics([{ key: DSN_METRIC.solveTestErrorRate, ...at(), value: testErrorRate }]);
            context.stageCheckpoint(solveAt + 1);
            if (await stopRequested(context)) return end('stopped', `stopped after solving module ${k + 1}, before its refinement`);
          }
          const refined = await refineStage(context, refineAt, k, weights, closedForm, data);
          if (refined.loop.status !== 'completed') {
            return end(refined.loop.status, refined.loop.status === 'stopped' ? `stopped while refining module ${k + 1}` : `refining module ${k + 1}: ${refined.loop.reason}`);
          }
          weights = refined.weights;
          writeModule(model, ids, weights);
        }
      }
      const trainOutputs = moduleOutputs(train, weights);
      const testOutputs = moduleOutputs(test, weights);
      const row: ModuleRow = {
        module: k + 1,
        inputs,
        hidden,
        train: outputErrors(trainOutputs, trainLabels, classes),
        test: outputErrors(testOutputs, testLabels, classes),
        closedForm,
        seconds: resumed(lastAt) ? null : (performance.now() - began) / 1000,
      };
      rows.push(row);
      train.lowerOutputs.push(trainOutputs);
      test.lowerOutputs.push(testOutputs);
      if (!resumed(lastAt)) {
        sendMetrics([
          { key: DSN_METRIC.trainErrorRate, ...at(), value: row.train.errorRate },
          { key: DSN_METRIC.testErrorRate, ...at(), value: row.test.errorRate },
          { key: DSN_METRIC.trainMse, ...at(), value: row.train.mse },
          { key: DSN_METRIC.testMse, ...at(), value: row.test.mse },
        ]);
        context.stageCheckpoint(lastAt + 1);
      }
      if (await stopRequested(context)) return end('stopped', `stopped after module ${k + 1} of ${modules.length}`);
    }

    const fineAt = stageOf('finetune');
    let fineTuned: { loop: EpochLoopResult; seconds: number } | null = null;
    if (fineAt >= 0) {
      // No checkpoint after it: a run resumed past it would rebuild the modules' figures from fine-tuned weights.
      const began = performance.now();
      const loop = await fineTuneStage(context, fineAt, classes);
      if (loop.status !== 'completed') return end(loop.status, loop.status === 'stopped' ? 'stopped while fine-tuning the stack' : `fine-tuning the stack: ${loop.reason}`);
      fineTuned = { loop, seconds: (performance.now() - began) / 1000 };
    }

    const evaluateIndex = plan.length - 1;
    const evaluation = await stages.run(
      evaluateIndex,
      () => {
        const result = networkErrors(model, splits.test, classes, (fraction) => stages.progress(evaluateIndex, (fineTuned ? 0.2 : 0.9) * fraction));
        sendMetrics([
          { key: METRIC.testErrors, ...at(), value: result.errors },
          { key: METRIC.testErrorRate, ...at(), value: result.errorRate },
          { key: METRIC.testLoss, ...at(), value: result.mse },
        ]);
        const whole = fineTuned ? { train: networkErrors(model, splits.train, classes, (fraction) => stages.progress(evaluateIndex, 0.2 + 0.7 * fraction)), test: result, seconds: fineTuned.seconds } : null;
        writeArtifacts(context, rows, whole, evaluateIndex);
        return { test: result, train: whole?.train };
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
        finalLoss: evaluation.train?.mse ?? rows[rows.length - 1].train.mse,
        testLoss: evaluation.test.mse,
        testErrors: evaluation.test.errors,
        testErrorRate: evaluation.test.errorRate,
        testCount: splits.test.count,
        wallMs: Math.round(performance.now() - context.started),
      }),
    };
  },
};

/** Lets a stop request in (the backends run ops synchronously), then says whether one came. */
async function stopRequested(context: ProcedureContext): Promise<boolean> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  return Boolean(context.signal?.aborted);
}

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

type WholeStack = { train: ReturnType<typeof outputErrors>; test: ReturnType<typeof outputErrors>; seconds: number };

function writeArtifacts(context: ProcedureContext, rows: ModuleRow[], fineTuned: WholeStack | null, stage: number): void {
  const modules = rows.map((row) => row.module);
  const refined = rows.filter((row) => row.closedForm);
  const round = (seconds: number | null) => (seconds === null ? null : Math.round(seconds * 10) / 10);
  context.artifacts.write(
    'error-by-modules',
    {
      kind: 'curve',
      title: 'Error against the number of modules',
      caption:
        'Classification error of the stack cut at each module (argmax of that module\u2019s linear output), on the training and test sets' +
        (refined.length ? '; and on the test set with each module\u2019s closed form before its lower weights were refined.' : '.'),
      xLabel: 'modules',
      yLabel: 'error rate',
      series: [
        { name: 'train', x: modules, y: rows.map((row) => row.train.errorRate) },
        { name: 'test', x: modules, y: rows.map((row) => row.test.errorRate) },
        ...(refined.length ? [{ name: 'test, before refinement', x: refined.map((row) => row.module), y: refined.map((row) => row.closedForm!.testErrorRate) }] : []),
      ],
    },
    stage,
  );
  context.artifacts.write(
    'modules',
    {
      kind: 'table',
      title: 'Modules of the stack',
      caption:
        'Per module: its input width (input ⊕ lower outputs), hidden units, errors and squared error against 0/1 targets, the time of its stages (empty: carried over from the run resumed), and with refinement the closed form\u2019s figures before it.' +
        (fineTuned ? ' The last row is the whole network after fine-tuning the stack by backprop.' : ''),
      columns: ['module', 'inputs', 'hidden', 'train errors', 'train error rate', 'test errors', 'test error rate', 'train MSE', 'test MSE', 'seconds', 'test error rate before refinement', 'train MSE before refinement'],
      rows: [
        ...rows.map((row) => [
          row.module,
          row.inputs,
          row.hidden,
          row.train.errors,
          row.train.errorRate,
          row.test.errors,
          row.test.errorRate,
          row.train.mse,
          row.test.mse,
          round(row.seconds),
          row.closedForm?.testErrorRate ?? null,
          row.closedForm?.trainMse ?? null,
        ]),
        ...(fineTuned
          ? [['fine-tuned stack', rows.at(-1)!.inputs, rows.at(-1)!.hidden, fineTuned.train.errors, fineTuned.train.errorRate, fineTuned.test.errors, fineTuned.test.errorRate, fineTuned.train.mse, fineTuned.test.mse, round(fineTuned.seconds), null, null]]
          : []),
      ],
    },
    stage,
  );
}
