import * as tf from '@tensorflow/tfjs-core';
import type { MetricPoint } from '../../../src-shared/api/metrics';
import { RBM_METRIC, type RbmParams } from '../../../src-shared/procedures/rbm';
import { exampleSize, type DataSplit } from '../data/types';
import { createRng, deriveSeed } from '../rng';
import { estimateLogPartition, meanLogProbability } from '../rbm/ais';
import { createRbm, disposeRbm } from '../rbm/rbm';
import { withoutUndefined } from './backprop';
import { denseNodes, imageShapeOf } from './rbm-stack';
import { trainRbmStage } from './rbm-stage';
import type { FinishedMessage, ProcedureContext, ProcedureRunner } from './types';

/**
 * One RBM (src-shared/procedures/rbm.ts): stage 0 trains it by CD-k or PCD on the (optionally binarised)
 * training data, written into the dense layer (kernel = W, bias = hidden biases); stage 1 estimates log Z
 * by AIS from the training data's base rates and reports the mean log-probability of the test and
 * training examples with its uncertainty.
 */
export const rbmRunner: ProcedureRunner = {
  kind: 'rbm',
  async run(context: ProcedureContext): Promise<FinishedMessage> {
    const { job, model, splits, config, stages } = context;
    const params = context.procedure.params as RbmParams;
    const [nodeId] = denseNodes(context);
    const node = model.analysis.nodes.get(nodeId)!;
    const size = exampleSize(splits.train.shape);
    const binarise = (split: DataSplit, name: string) => binarised(split.x, params.binarize, deriveSeed(config.seed, 'binarize', name));
    const train = { x: binarise(splits.train, 'train'), count: splits.train.count, size };
    const test = { x: binarise(splits.test, 'test'), count: splits.test.count, size };
    const heldOutSplit = splits.val.count > 0 ? splits.val : splits.test;
    const heldOut = { x: splits.val.count > 0 ? binarise(splits.val, 'val') : test.x, count: heldOutSplit.count, size };
    context.announceStarted();
    const rbm = createRbm(
      { visibleSize: size, hiddenSize: node.outputShape![0], visible: params.visibleUnits, hidden: node.params.activation === 'linear' ? 'gaussian' : 'binary' },
      params.initSigma,
      config.seed,
      'rbm-1',
    );
    try {
      const imageShape = imageShapeOf(splits.train.shape);
      const loop = await trainRbmStage(context, rbm, {
        stage: 0,
        layer: 1,
        training: params,
        learningRate: params.rbmLearningRate,
        train,
        heldOut,
        heldOutName: splits.val.count > 0 ? 'validation' : 'test',
        pictures: imageShape ? { imageShape, filterTiles: params.filterTiles, chains: params.sampleChains, rows: 10, sweeps: params.sampleSweeps } : undefined,
      });
      const weights = model.nodeWeights(nodeId)!;
      tf.tidy(() => {
        weights.kernel.assign(rbm.weights);
        weights.bias.assign(rbm.hiddenBias);
      });
      if (loop.status === 'diverged') return { type: 'finished', runId: job.runId, status: 'diverged', error: loop.reason };
      if (loop.status === 'stopped') return { type: 'finished', runId: job.runId, status: 'stopped', error: 'stopped while training the RBM' };

      let testLoss = Number.NaN;
      if (params.aisRuns > 0) {
        testLoss = await stages.run(
          1,
          () => {
            const estimate = estimateLogPartition(rbm, train.x, train.count, {
              runs: params.aisRuns,
              betas: params.aisBetas,
              seed: deriveSeed(config.seed, 'ais'),
              progress: (fraction) => stages.progress(1, 0.95 * fraction),
            });
            const testLogProb = meanLogProbability(rbm, test.x, test.count, estimate.logZ);
            const trainLogProb = meanLogProbability(rbm, train.x, train.count, estimate.logZ);
            const wallMs = Math.round(performance.now() - context.started);
            const points: MetricPoint[] = [
              { key: RBM_METRIC.logPartition, step: 0, epoch: 1, wallMs, value: estimate.logZ },
              { key: RBM_METRIC.logPartitionStdError, step: 0, epoch: 1, wallMs, value: estimate.logZStdError },
              { key: RBM_METRIC.testLogLikelihood, step: 0, epoch: 1, wallMs, value: testLogProb },
              { key: RBM_METRIC.trainLogLikelihood, step: 0, epoch: 1, wallMs, value: trainLogProb },
            ];
            context.send({ type: 'metrics', runId: job.runId, points: stages.stamp(points) });
            // A higher log Z lowers every log-probability: the interval of log Ẑ ± 3σ̂ maps to the reverse one.
            const interval = (logProb: number) => [round(logProb + estimate.logZ - estimate.logZHigh), Number.isFinite(estimate.logZLow) ? round(logProb + estimate.logZ - estimate.logZLow) : null];
            context.artifacts.write(
              'ais',
              {
                kind: 'table',
                title: 'AIS estimate of the log-likelihood',
                caption: `${params.aisRuns} annealing runs through ${params.aisBetas} intermediate distributions from the base-rate model (Salakhutdinov & Murray 2008); bounds are log(Ẑ ± 3σ̂).`,
                columns: ['quantity', 'estimate', 'low', 'high'],
                rows: [
                  ['log Z', round(estimate.logZ), Number.isFinite(estimate.logZLow) ? round(estimate.logZLow) : null, round(estimate.logZHigh)],
                  ['test log-likelihood (nats per example)', round(testLogProb), ...interval(testLogProb)],
                  ['train log-likelihood (nats per example)', round(trainLogProb), ...interval(trainLogProb)],
                  ['log Z of the base-rate model', round(estimate.baseLogZ), null, null],
                ],
              },
              1,
            );
            return -testLogProb;
          },
          () => ({ status: 'completed', epochsDone: 1 }),
        );
      }
      return {
        type: 'finished',
        runId: job.runId,
        status: 'completed',
        result: withoutUndefined({
          epochs: loop.epochsDone,
          finalLoss: loop.finalLoss,
          testLoss: Number.isFinite(testLoss) ? testLoss : loop.finalLoss,
          testCount: test.count,
          wallMs: Math.round(performance.now() - context.started),
        }),
      };
    } finally {
      disposeRbm(rbm);
    }
  },
};

/** 'threshold': pixel > 0.5; 'sample': on with probability equal to its value (seeded, once). */
function binarised(x: Float32Array, how: RbmParams['binarize'], seed: number): Float32Array {
  if (how === 'none') return x;
  const out = new Float32Array(x.length);
  if (how === 'threshold') for (let i = 0; i < x.length; i++) out[i] = x[i] > 0.5 ? 1 : 0;
  else {
    const rng = createRng(seed);
    for (let i = 0; i < x.length; i++) out[i] = rng.uniform() < x[i] ? 1 : 0;
  }
  return out;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
