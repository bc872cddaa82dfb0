import * as tf from '@tensorflow/tfjs-core';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { MetricPoint } from '../../../src-shared/api/metrics';
import { ProcedureError } from '../../../src-shared/procedures/catalog';
import { DBM_METRIC, dbmStages, type DbmParams } from '../../../src-shared/procedures/dbm';
import { writeFileAtomically } from '../atomic-file';
import { divergenceCallback, metricsCallback, progressCallback, stopCallback, type Callback } from '../callbacks';
import { exampleSize } from '../data/types';
import { estimateDbmLogPartition, hiddenBaseRates, visibleBaseRates } from '../dbm/ais';
import { lowerBound, meanField, type Dbm } from '../dbm/dbm';
import { classifierLogits, dropRatesOf, evaluateClassifier, topPosteriors, type DbmClassifier } from '../dbm/finetune';
import { JointTrainer, jointLearningRate, type DbmVariables } from '../dbm/joint';
import { doubledHiddenProbabilities, DoubledRbmTrainer, type DoubledSide } from '../dbm/pretrain';
import { runEpochs, type EpochLoopResult } from '../epoch-loop';
import { createOptimizer } from '../optimizers';
import { filterGrid, filterValues, inRows } from '../rbm/pictures';
import { createRbm, disposeRbm, gatherRows, type Rbm } from '../rbm/rbm';
import { gradientStep } from '../rbm/finetune-step';
import { createRng, deriveSeed } from '../rng';
import { learningRateAt, momentumAt } from '../schedule';
import { finishWithTest } from './backprop';
import { denseNodes, imageShapeOf } from './rbm-stack';
import type { FinishedMessage, ProcedureContext, ProcedureRunner } from './types';

const STATE_FILE = 'dbm-state.json';
const CHAIN_ROWS = 50;

/**
 * The DBM procedure (src-shared/procedures/dbm.ts). The network's h1 and h2 kernels and biases are the
 * DBM's W1, c1, W2, c2 from the end of pretraining on; its visible biases, which no layer holds, live in
 * artifacts/<runId>/dbm-state.json beside the stage checkpoints so a resumed run gets them back.
 * Stages: 0 RBM 1 (rbm.m), 1 RBM 2 (rbm_l2.m) then the joint model composed (dbm_mf.m's start),
 * 2 joint training with the cheap per-epoch bound, 3 the final AIS and bound, 4 fine-tuning (backprop.m)
 * with the run's optimizer in place of the code's conjugate gradient.
 */
export const dbmRunner: ProcedureRunner = {
  kind: 'dbm',
  async run(context: ProcedureContext): Promise<FinishedMessage> {
    const { job, model, splits, config, stages } = context;
    const params = context.procedure.params as DbmParams;
    const dense = denseNodes(context);
    if (dense.length !== 3) throw new ProcedureError(`procedure dbm: the network has ${dense.length} dense layers; it needs h1, h2 and the softmax classifier`);
    const [h1Id, h2Id, outId] = dense;
    const V = exampleSize(splits.train.shape);
    const H1 = model.analysis.nodes.get(h1Id)!.outputShape![0];
    const stageDefs = dbmStages(params, config);
    const stageIndex = (name: string) => stageDefs.findIndex((stage) => stage.name === name);
    const boundStage = stageIndex('bound');
    const fineStage = stageIndex('finetune');

    const layer1 = model.nodeWeights(h1Id)!;
    const layer2 = model.nodeWeights(h2Id)!;
    const visibleBias = tf.variable(tf.zeros([V]), false) as tf.Variable<tf.Rank.R1>;
    const dbm: DbmVariables = {
      W1: layer1.kernel as tf.Variable<tf.Rank.R2>,
      c1: layer1.bias as tf.Variable<tf.Rank.R1>,
      W2: layer2.kernel as tf.Variable<tf.Rank.R2>,
      c2: layer2.bias as tf.Variable<tf.Rank.R1>,
      b: visibleBias,
    };
    const statePath = join(job.dataDir, context.artifacts.path(STATE_FILE));
    const saveState = (next: number) => {
      writeFileAtomically(statePath, JSON.stringify({ visibleBias: Array.from(visibleBias.dataSync()) }));
      context.stageCheckpoint(next);
    };
    if (context.resumeStage > 0) {
      const parentState = join(dirname(join(job.dataDir, job.resume!.checkpoint)), STATE_FILE);
      if (!existsSync(parentState)) throw new ProcedureError(`procedure dbm: resuming at stage ${context.resumeStage} needs the visible biases in ${parentState}, which is missing; train the run again from the start`);
      const saved = JSON.parse(readFileSync(parentState, 'utf8')) as { visibleBias: number[] };
      if (saved.visibleBias.length !== V) throw new ProcedureError(`procedure dbm: ${parentState} holds ${saved.visibleBias.length} visible biases, the data has ${V} inputs`);
      visibleBias.assign(tf.tensor1d(saved.visibleBias));
    }
    context.announceStarted();
    const sendMetrics = (points: MetricPoint[]) => context.send({ type: 'metrics', runId: job.runId, points: stages.stamp(points) });
    const wall = () => Math.round(performance.now() - context.started);
    const finished = (status: 'stopped' | 'diverged', error: string): FinishedMessage => ({ type: 'finished', runId: job.runId, status, error });
    const imageShape = imageShapeOf(splits.train.shape);
    const train = { x: splits.train.x, count: splits.train.count };

    try {
      // Stage 0: the bottom RBM with 2W and 2c going up.
      if (context.resumeStage <= 0) {
        const rbm1 = createRbm({ visibleSize: V, hiddenSize: H1, visible: 'binary', hidden: 'binary' }, params.rbm1InitSigma, config.seed, 'dbm-rbm-1');
        try {
          const loop = await pretrainStage(context, params, rbm1, 'bottom', 0, train.x, train.count);
          if (loop.status !== 'completed') return finished(loop.status, `${loop.reason ?? 'stopped'} while pretraining RBM 1`);
          tf.tidy(() => {
            dbm.W1.assign(rbm1.weights);
            dbm.c1.assign(rbm1.hiddenBias);
            visibleBias.assign(rbm1.visibleBias);
          });
          if (imageShape) {
            context.artifacts.write('rbm1-filters', filterGrid('RBM 1: filters', 'Incoming weights of the first 100 units of h1 after pretraining, blue negative, red positive.', imageShape, inRows(filterValues(rbm1, 100), 10)), 0);
          }
        } finally {
          disposeRbm(rbm1);
        }
        saveState(1);
      } else stages.carriedOver(0, params.rbmEpochs);

      // Stage 1: the top RBM with 2W and 2b going down, on samples of the bottom RBM's doubled posterior; then the joint model.
      if (context.resumeStage <= 1) {
        const bottom: Rbm = { visible: 'binary', hidden: 'binary', visibleSize: V, hiddenSize: H1, weights: dbm.W1, visibleBias, hiddenBias: dbm.c1 };
        const upper = doubledHiddenProbabilities(bottom, train.x, train.count);
        const H2 = model.analysis.nodes.get(h2Id)!.outputShape![0];
        const rbm2 = createRbm({ visibleSize: H1, hiddenSize: H2, visible: 'binary', hidden: 'binary' }, params.rbm2InitSigma, config.seed, 'dbm-rbm-2');
        try {
          const loop = await pretrainStage(context, params, rbm2, 'top', 1, upper, train.count);
          if (loop.status !== 'completed') return finished(loop.status, `${loop.reason ?? 'stopped'} while pretraining RBM 2`);
          // dbm_mf.m: `hidpen = vishid; penbiases = hidbiases;` of RBM 2, and `hidbiases = (hidbiases + visbiases_l2)` — weights not halved.
          tf.tidy(() => {
            dbm.W2.assign(rbm2.weights);
            dbm.c2.assign(rbm2.hiddenBias);
            dbm.c1.assign(tf.add(dbm.c1, rbm2.visibleBias));
          });
        } finally {
          disposeRbm(rbm2);
        }
        saveState(2);
      } else stages.carriedOver(1, params.rbmEpochs);

      // Stage 2: joint training.
      const testBinary = binarise(splits.test.x, deriveSeed(config.seed, 'dbm-test-binarize'));
      const baseBias = visibleBaseRates(train.x, train.count, V);
      if (context.resumeStage <= 2) {
        const loop = await jointStage(context, params, dbm, 2, testBinary, baseBias, imageShape);
        if (loop.status !== 'completed') return finished(loop.status, `${loop.reason ?? 'stopped'} during joint training`);
        saveState(3);
      } else stages.carriedOver(2, params.jointEpochs);

      // Stage 3: the figure, with the longer AIS.
      if (boundStage >= 0) {
        if (context.resumeStage <= boundStage) {
          await stages.run(
            boundStage,
            () => {
              const estimate = estimateDbmLogPartition(dbm, baseBias, {
                runs: params.finalAisRuns,
                betas: params.finalAisBetas,
                seed: deriveSeed(config.seed, 'dbm-ais-final'),
                hiddenBase: aisHiddenBase(params, dbm, splits.train),
                progress: (fraction) => stages.progress(boundStage, 0.8 * fraction),
              });
              const testBound = meanBound(dbm, testBinary, splits.test.count, params.fineTuneMeanFieldUpdates, estimate.logZ);
              stages.progress(boundStage, 0.9);
              const trainRows = Math.min(train.count, splits.test.count);
              const trainBound = meanBound(dbm, binarise(train.x.subarray(0, trainRows * V), deriveSeed(config.seed, 'dbm-train-binarize')), trainRows, params.fineTuneMeanFieldUpdates, estimate.logZ);
              const at = { step: 0, epoch: 1, wallMs: wall() };
              sendMetrics([
                { key: DBM_METRIC.logPartition, ...at, value: estimate.logZ },
                { key: DBM_METRIC.logPartitionStdError, ...at, value: estimate.logZStdError },
                { key: DBM_METRIC.testLowerBound, ...at, value: testBound },
                { key: DBM_METRIC.trainLowerBound, ...at, value: trainBound },
              ]);
              const interval = (bound: number) => [round(bound + estimate.logZ - estimate.logZHigh), Number.isFinite(estimate.logZLow) ? round(bound + estimate.logZ - estimate.logZLow) : null];
              context.artifacts.write(
                'bound',
                {
                  kind: 'table',
                  title: 'Variational lower bound on the log-probability',
                  caption: `Mean-field bound (up to ${params.fineTuneMeanFieldUpdates} updates) on ${splits.test.count} binarised test images and ${trainRows} training images; log Z by AIS over h1 with v and h2 summed out, ${params.finalAisRuns} runs through ${params.finalAisBetas} temperatures from the base-rate model; bounds are log(Ẑ ± 3σ̂). The paper: −84.62 for 784-500-1000.`,
                  columns: ['quantity', 'estimate', 'low', 'high'],
                  rows: [
                    ['log Z', round(estimate.logZ), Number.isFinite(estimate.logZLow) ? round(estimate.logZLow) : null, round(estimate.logZHigh)],
                    ['test lower bound (nats per image)', round(testBound), ...interval(testBound)],
                    ['train lower bound (nats per image)', round(trainBound), ...interval(trainBound)],
                    ['log Z of the base-rate model', round(estimate.baseLogZ), null, null],
                  ],
                },
                boundStage,
              );
            },
            () => ({ status: 'completed', epochsDone: 1 }),
          );
          saveState(fineStage);
        } else stages.carriedOver(boundStage, 1);
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (context.signal?.aborted) return finished('stopped', 'stopped before fine-tuning');

      return await fineTune(context, params, dbm, { outId, stage: fineStage, denseIds: dense });
    } finally {
      visibleBias.dispose();
    }
  },
};

/** One doubled RBM as a stage of the shared epoch loop (seed scope `dbm-rbm-<n>`), its reconstruction error per epoch. */
async function pretrainStage(context: ProcedureContext, params: DbmParams, rbm: Rbm, side: DoubledSide, stage: number, x: Float32Array, count: number): Promise<EpochLoopResult> {
  const { stages, config, job } = context;
  const trainer = new DoubledRbmTrainer(rbm, side, params.rbmWeightDecay);
  const sendMetrics = (points: MetricPoint[]) => context.send({ type: 'metrics', runId: job.runId, points: stages.stamp(points) });
  const scope = `dbm-rbm-${stage + 1}`;
  // rbm_l2.m: CD-k with k = ceil(epoch/20), learning rate divided by k; rbm.m: CD-1 throughout.
  const cdStepsAt = (epoch: number) => (side === 'top' ? Math.ceil((epoch + 1) / params.cdIncreaseEvery) : 1);
  const monitor: Callback = {
    onEpochEnd({ epoch, step, trainLoss }) {
      sendMetrics([{ key: DBM_METRIC.pretrainReconstruction, step, epoch: epoch + 1, wallMs: Math.round(performance.now() - context.started), value: trainLoss }]);
    },
  };
  try {
    return await stages.run(
      stage,
      () =>
        runEpochs({
          epochs: params.rbmEpochs,
          count,
          batchSize: params.rbmBatchSize,
          seed: config.seed,
          scope,
          classification: false,
          callbacks: [divergenceCallback(), ...(context.signal ? [stopCallback(context.signal)] : []), monitor, progressCallback((progress) => context.send({ type: 'progress', runId: job.runId, ...stages.withRun(progress) }), context.flushMs)],
          hyperAt: (epoch) => ({ learningRate: params.rbmLearningRate / cdStepsAt(epoch), momentum: epoch < params.momentumSwitchEpoch ? params.initialMomentum : params.finalMomentum }),
          step: (indices, step, hyper) => {
            const batch = gatherRows(x, rbm.visibleSize, indices);
            try {
              const epoch = Math.floor(step / Math.ceil(count / Math.min(params.rbmBatchSize, count)));
              return { loss: trainer.step(batch, { ...hyper, cdSteps: cdStepsAt(epoch) }, deriveSeed(config.seed, 'dbm-cd', scope, step)) };
            } finally {
              batch.dispose();
            }
          },
        }),
      (loop) => ({ status: loop.status === 'completed' ? 'completed' : loop.status === 'stopped' ? 'stopped' : 'failed', epochsDone: loop.epochsDone }),
    );
  } finally {
    trainer.dispose();
  }
}

/** Joint training as a stage: the bound on the first `boundRows` binarised test images after every epoch, with the cheap AIS; the chains' visible means drawn per epoch. */
async function jointStage(
  context: ProcedureContext,
  params: DbmParams,
  dbm: DbmVariables,
  stage: number,
  testBinary: Float32Array,
  baseBias: Float32Array,
  imageShape: [number, number] | undefined,
): Promise<EpochLoopResult> {
  const { stages, config, job, splits } = context;
  const V = dbm.W1.shape[0];
  const trainer = new JointTrainer(dbm, {
    chains: params.jointBatchSize,
    meanFieldUpdates: params.meanFieldUpdates,
    gibbsSteps: params.gibbsSteps,
    weightDecay: params.jointWeightDecay,
    sparsity: params.sparsityCost > 0 ? { target1: params.sparsityTarget1, target2: params.sparsityTarget2, cost: params.sparsityCost, damping: params.sparsityDamping } : null,
    seed: config.seed,
  });
  const sendMetrics = (points: MetricPoint[]) => context.send({ type: 'metrics', runId: job.runId, points: stages.stamp(points) });
  const boundRows = Math.min(params.boundRows, splits.test.count);
  const chainRows: { label: string; images: { pixels: number[] }[] }[] = [];
  const everyEpochs = Math.max(1, Math.ceil(params.jointEpochs / CHAIN_ROWS));
  const drawChains = (label: string) => {
    const chains = Math.min(params.sampleChains, params.jointBatchSize);
    const values = tf.tidy(() => tf.slice(trainer.chainVisible, [0, 0], [chains, V])).dataSync() as Float32Array;
    chainRows.push({ label, images: Array.from({ length: chains }, (_, c) => ({ pixels: Array.from(values.subarray(c * V, (c + 1) * V), (p) => Math.round(p * 1000) / 1000) })) });
  };
  // The cheap bound: log Z from a short AIS (few runs and temperatures, which tends to underestimate log Z and so to flatter the bound), on the first boundRows test images.
  const epochBound = (epoch: number, at: Omit<MetricPoint, 'key' | 'value'>): MetricPoint[] => {
    if (params.epochAisRuns === 0) return [];
    const estimate = estimateDbmLogPartition(dbm, baseBias, {
      runs: params.epochAisRuns,
      betas: params.epochAisBetas,
      seed: deriveSeed(config.seed, 'dbm-ais-epoch', epoch),
      hiddenBase: aisHiddenBase(params, dbm, splits.train),
    });
    const bound = meanBound(dbm, testBinary.subarray(0, boundRows * V), boundRows, params.fineTuneMeanFieldUpdates, estimate.logZ);
    return [
      { key: DBM_METRIC.logPartitionEpoch, ...at, value: estimate.logZ },
      { key: DBM_METRIC.testLowerBoundEpoch, ...at, value: bound },
    ];
  };
  const monitor: Callback = {
    onTrainBegin({ start }) {
      // Epoch 0: the composed model before joint training, so the curve starts where pretraining left it.
      if (!start || start.epochsDone === 0) sendMetrics(epochBound(-1, { step: 0, epoch: 0, wallMs: Math.round(performance.now() - context.started) }));
    },
    onEpochEnd({ epoch, step, trainLoss }) {
      const at = { step, epoch: epoch + 1, wallMs: Math.round(performance.now() - context.started) };
      sendMetrics([{ key: DBM_METRIC.jointReconstruction, ...at, value: trainLoss }, ...epochBound(epoch, at)]);
      if ((epoch + 1) % everyEpochs === 0 || epoch + 1 === params.jointEpochs) drawChains(`epoch ${epoch + 1}`);
    },
  };
  try {
    const result = await stages.run(
      stage,
      () => {
        trainer.burnIn(params.chainBurnIn);
        return runEpochs({
          epochs: params.jointEpochs,
          count: splits.train.count,
          batchSize: params.jointBatchSize,
          seed: config.seed,
          scope: 'dbm-joint',
          classification: false,
          callbacks: [divergenceCallback(), ...(context.signal ? [stopCallback(context.signal)] : []), monitor, progressCallback((progress) => context.send({ type: 'progress', runId: job.runId, ...stages.withRun(progress) }), context.flushMs)],
          hyperAt: (epoch) => ({ learningRate: params.jointLearningRate, momentum: epoch < params.momentumSwitchEpoch ? params.initialMomentum : params.jointFinalMomentum }),
          step: (indices, step, hyper) => {
            const batch = gatherRows(splits.train.x, V, indices);
            try {
              const learningRate = jointLearningRate(params.jointLearningRate, params.learningRateDecay, params.minLearningRate, step);
              return { loss: trainer.step(batch, { learningRate, momentum: hyper.momentum }, step) };
            } finally {
              batch.dispose();
            }
          },
        });
      },
      (loop) => ({ status: loop.status === 'completed' ? 'completed' : loop.status === 'stopped' ? 'stopped' : 'failed', epochsDone: loop.epochsDone }),
    );
    if (imageShape && chainRows.length > 0) {
      context.artifacts.write(
        'chain-samples',
        {
          kind: 'image-grid',
          title: 'Samples from the persistent chains',
          caption: `The visible probabilities of ${chainRows[0].images.length} of the ${params.jointBatchSize} persistent chains after ${params.gibbsSteps} Gibbs sweeps per update, at the end of ${everyEpochs === 1 ? 'every epoch' : `every ${everyEpochs} epochs`} (a row each).`,
          imageShape,
          range: [0, 1],
          rows: chainRows,
        },
        stage,
      );
    }
    return result;
  } finally {
    trainer.dispose();
  }
}

interface FineTuneLayout {
  outId: string;
  stage: number;
  denseIds: string[];
}

/** backprop.m: q(h2) of every image once, then the classifier [v, q(h2)] → h1 → h2 → softmax by backprop, the first epochs the softmax layer only. */
async function fineTune(context: ProcedureContext, params: DbmParams, dbm: Dbm, layout: FineTuneLayout): Promise<FinishedMessage> {
  const { job, model, config, splits, stages } = context;
  const V = dbm.W1.shape[0];
  const out = model.nodeWeights(layout.outId)!;
  const U = tf.variable(tf.transpose(dbm.W2), true, `dbm-q2-to-h1-${job.runId}`);
  const net: DbmClassifier = { W1: dbm.W1 as tf.Variable, U, c1: dbm.c1 as tf.Variable, W2: dbm.W2 as tf.Variable, c2: dbm.c2 as tf.Variable, Wout: out.kernel, bout: out.bias };
  const drop = dropRatesOf(model.analysis, layout.denseIds);
  const sendMetrics = (points: MetricPoint[]) => context.send({ type: 'metrics', runId: job.runId, points: stages.stamp(points) });
  const optimizer = createOptimizer(config.optimizer);
  const all = [net.W1, net.U, net.c1, net.W2, net.c2, net.Wout, net.bout];
  const top = [net.Wout, net.bout];
  try {
    const q2 = {
      train: topPosteriors(dbm, splits.train.x, splits.train.count, params.fineTuneMeanFieldUpdates),
      val: topPosteriors(dbm, splits.val.x, splits.val.count, params.fineTuneMeanFieldUpdates),
      test: topPosteriors(dbm, splits.test.x, splits.test.count, params.fineTuneMeanFieldUpdates),
    };
    const H2 = dbm.W2.shape[1];
    const classes = net.bout.shape[0];
    const stepsPerEpoch = Math.ceil(splits.train.count / Math.min(config.batchSize, splits.train.count));
    const testMonitor: Callback = {
      onEpochEnd({ epoch, step }) {
        const test = evaluateClassifier(net, splits.test.x, q2.test, splits.test.y, splits.test.count);
        sendMetrics([{ key: DBM_METRIC.testErrorRateEpoch, step, epoch: epoch + 1, wallMs: Math.round(performance.now() - context.started), value: test.errorRate }]);
      },
    };
    const fitted = await stages.run(
      layout.stage,
      () =>
        runEpochs({
          epochs: config.epochs,
          count: splits.train.count,
          batchSize: config.batchSize,
          seed: config.seed,
          scope: 'dbm-finetune',
          classification: true,
          valCount: splits.val.count,
          callbacks: [
            divergenceCallback(),
            ...(context.signal ? [stopCallback(context.signal)] : []),
            metricsCallback(sendMetrics, { flushMs: context.flushMs }),
            testMonitor,
            progressCallback((progress) => context.send({ type: 'progress', runId: job.runId, ...stages.withRun(progress) }), context.flushMs),
          ],
          hyperAt: (epoch) => ({ learningRate: learningRateAt(config, epoch), momentum: momentumAt(config.optimizer, epoch) }),
          step: (indices, step, hyper) => {
            const v = gatherRows(splits.train.x, V, indices);
            const q = gatherRows(q2.train, H2, indices);
            const labels = Int32Array.from(indices, (i) => splits.train.y[i]);
            const y = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), classes), 'float32'));
            let correct: tf.Scalar | undefined;
            try {
              const variables = Math.floor(step / stepsPerEpoch) < params.topOnlyEpochs ? top : all;
              const loss = gradientStep(optimizer, variables, hyper, () => {
                const logits = classifierLogits(net, v, q, drop, { seed: deriveSeed(config.seed, 'dbm-finetune-step', step) });
                correct = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), tf.argMax(y, 1)), 'float32'))) as tf.Scalar;
                return tf.mean(tf.neg(tf.sum(tf.mul(y, tf.logSoftmax(logits)), 1))) as tf.Scalar;
              });
              return { loss, correct: correct ? correct.dataSync()[0] : undefined };
            } finally {
              tf.dispose([v, q, y, ...(correct ? [correct] : [])]);
            }
          },
          measure: () => {
            if (splits.val.count === 0) return {};
            const val = evaluateClassifier(net, splits.val.x, q2.val, splits.val.y, splits.val.count);
            return { valLoss: val.loss, valAccuracy: 1 - val.errorRate };
          },
        }),
      (loop) => ({ status: loop.status === 'completed' ? 'completed' : loop.status === 'stopped' ? 'stopped' : 'failed', epochsDone: loop.epochsDone }),
    );
    if (fitted.status === 'diverged') return { type: 'finished', runId: job.runId, status: 'diverged', error: fitted.reason };
    if (fitted.stepsDone === 0) return { type: 'finished', runId: job.runId, status: fitted.status, error: fitted.reason };
    const evaluation = evaluateClassifier(net, splits.test.x, q2.test, splits.test.y, splits.test.count);
    // weights.json holds the network's layers; the q(h2) → h1 matrix U is not one of them (the network alone, without the DBM's mean field, is not the classifier).
    return finishWithTest(context, fitted, evaluation, sendMetrics, () => context.discardCheckpoint());
  } finally {
    optimizer.dispose();
    U.dispose();
  }
}

/** The mean lower bound over rows of binary data, in chunks. */
export function meanBound(dbm: Dbm, x: Float32Array, count: number, updates: number, logZ: number, chunk = 500): number {
  const V = dbm.W1.shape[0];
  let sum = 0;
  for (let start = 0; start < count; start += chunk) {
    const end = Math.min(count, start + chunk);
    const total = tf.tidy(() => {
      const v = tf.tensor2d(x.subarray(start * V, end * V), [end - start, V]);
      const q = meanField(dbm, v, updates, 1e-7);
      return tf.sum(lowerBound(dbm, v, q, logZ));
    });
    sum += total.dataSync()[0];
    total.dispose();
  }
  return sum / count;
}

/** AIS's factorial base over h1 and h2 as `aisBase` asks: the mean field of the first boundRows training images under the current model, or none (uniform). */
function aisHiddenBase(params: DbmParams, dbm: Dbm, train: { x: Float32Array; count: number }): { h1: Float32Array; h2: Float32Array } | undefined {
  if (params.aisBase === 'uniform') return undefined;
  return hiddenBaseRates(dbm, train.x, train.count, dbm.W1.shape[0], params.boundRows, params.fineTuneMeanFieldUpdates);
}

/** Each value on with probability equal to it, once, seeded (the binarised MNIST of the DBM papers' bounds). */
export function binarise(x: Float32Array, seed: number): Float32Array {
  const rng = createRng(seed);
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = rng.uniform() < x[i] ? 1 : 0;
  return out;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
