import * as tf from '@tensorflow/tfjs-core';
import type { MetricPoint } from '../../../src-shared/api/metrics';
import { RBM_METRIC, type RbmTraining } from '../../../src-shared/procedures/rbm';
import { divergenceCallback, progressCallback, stopCallback, type Callback } from '../callbacks';
import { runEpochs, type EpochLoopResult } from '../epoch-loop';
import { createRng, deriveSeed } from '../rng';
import { ContrastiveDivergence } from '../rbm/contrastive-divergence';
import { extentOf, filterGrid, filterValues, gibbsRows, inRows, round } from '../rbm/pictures';
import { freeEnergy, gatherRows, type Rbm } from '../rbm/rbm';
import type { ProcedureContext } from './types';

/** Rows of one layer's data: [count, size] row-major. */
export interface LayerRows {
  x: Float32Array;
  count: number;
  size: number;
}

export interface RbmStageOptions {
  stage: number;
  /** 1-based position in the stack: names the seed scope (`rbm-1`, …) and the artifacts. */
  layer: number;
  training: RbmTraining;
  learningRate: number;
  train: LayerRows;
  /** Held-out rows for the free-energy gap (validation, else test), at most a few thousand. */
  heldOut: LayerRows;
  heldOutName: 'validation' | 'test';
  /** The first layer of image data: its filters are drawn per epoch and its Gibbs chains sampled at the end. */
  pictures?: { imageShape: [number, number]; filterTiles: number; chains: number; rows: number; sweeps: number };
}

const MONITOR_ROWS = 1000;
const FILTERS_PER_EPOCH = 10;
const EPOCH_ROWS = 50;

/**
 * Trains one RBM of a stack as a stage through the shared epoch loop, with its own seed scope
 * (`rbm-<layer>`): shuffles, Gibbs samples and initial weights do not share streams with other layers.
 * Metrics per epoch: reconstruction error, mean free energy of training rows and held-out rows and their
 * gap (Hinton's practical guide, section 6: a gap that grows is overfitting). The first layer of image data
 * also gets its filters as tiles after every epoch (one artifact, a row per epoch, written at the stage's
 * end) and samples from Gibbs chains started at held-out examples.
 */
export async function trainRbmStage(context: ProcedureContext, rbm: Rbm, options: RbmStageOptions): Promise<EpochLoopResult> {
  const { stages, config, job } = context;
  const { training, train, heldOut, stage, layer } = options;
  const scope = `rbm-${layer}`;
  const cd = new ContrastiveDivergence(rbm, {
    steps: training.cdSteps,
    persistent: training.persistentCd,
    weightDecay: training.weightDecay,
    sparsity: training.sparsityTarget > 0 ? { target: training.sparsityTarget, cost: training.sparsityCost, decay: 0.9 } : null,
  });
  const sendMetrics = (points: MetricPoint[]) => context.send({ type: 'metrics', runId: job.runId, points: stages.stamp(points) });
  const epochFilters: { label: string; filters: number[][] }[] = [];
  const everyEpochs = Math.max(1, Math.ceil(training.rbmEpochs / EPOCH_ROWS));
  const monitored = (rows: LayerRows) => rows.x.subarray(0, Math.min(rows.count, MONITOR_ROWS) * rows.size);
  const monitor: Callback = {
    onBatchEnd({ step, loss, stepsDone, position }) {
      if (step % 10 === 0) sendMetrics([{ key: RBM_METRIC.reconstructionStep, step, epoch: stepsDone / position.stepsPerEpoch, wallMs: wall(context), value: loss }]);
    },
    onEpochEnd({ epoch, step, trainLoss }) {
      const trainEnergy = meanFreeEnergy(rbm, monitored(train));
      const heldEnergy = meanFreeEnergy(rbm, monitored(heldOut));
      const at = { step, epoch: epoch + 1, wallMs: wall(context) };
      sendMetrics([
        { key: RBM_METRIC.reconstruction, ...at, value: trainLoss },
        { key: RBM_METRIC.freeEnergyTrain, ...at, value: trainEnergy },
        { key: RBM_METRIC.freeEnergyHeldOut, ...at, value: heldEnergy },
        { key: RBM_METRIC.freeEnergyGap, ...at, value: heldEnergy - trainEnergy },
      ].filter((point) => Number.isFinite(point.value)));
      if (options.pictures && ((epoch + 1) % everyEpochs === 0 || epoch + 1 === training.rbmEpochs)) {
        epochFilters.push({ label: `epoch ${epoch + 1}`, filters: filterValues(rbm, FILTERS_PER_EPOCH) });
      }
    },
  };
  try {
    const result = await stages.run(
      stage,
      () =>
        runEpochs({
          epochs: training.rbmEpochs,
          count: train.count,
          batchSize: training.rbmBatchSize,
          seed: config.seed,
          scope,
          classification: false,
          valCount: heldOut.count,
          callbacks: [
            divergenceCallback(),
            ...(context.signal ? [stopCallback(context.signal)] : []),
            monitor,
            progressCallback((progress) => context.send({ type: 'progress', runId: job.runId, ...stages.withRun(progress) }), context.flushMs),
          ],
          // rbm.m: momentum 0.5 while epoch ≤ 5 (1-based), then 0.9; one learning rate for weights and biases.
          hyperAt: (epoch) => ({ learningRate: options.learningRate, momentum: epoch < training.momentumSwitchEpoch ? training.initialMomentum : training.finalMomentum }),
          step: (indices, step, hyper) => {
            const batch = gatherRows(train.x, train.size, indices);
            try {
              return { loss: cd.step(batch, hyper, deriveSeed(config.seed, 'cd', scope, step)) };
            } finally {
              batch.dispose();
            }
          },
        }),
      (loop) => ({ status: loop.status === 'completed' ? 'completed' : loop.status === 'stopped' ? 'stopped' : 'failed', epochsDone: loop.epochsDone }),
    );
    if (options.pictures && result.epochsDone > 0) writePictures(context, rbm, options, epochFilters);
    return result;
  } finally {
    cd.dispose();
  }
}

function writePictures(context: ProcedureContext, rbm: Rbm, options: RbmStageOptions, epochFilters: { label: string; filters: number[][] }[]): void {
  const pictures = options.pictures!;
  const { imageShape } = pictures;
  const name = `rbm${options.layer}`;
  const stage = options.stage;
  context.artifacts.write(
    `${name}-filters`,
    filterGrid(
      `RBM ${options.layer}: filters`,
      `The incoming weights of the first ${Math.min(pictures.filterTiles, rbm.hiddenSize)} hidden units after training, blue negative, red positive.`,
      imageShape,
      inRows(filterValues(rbm, pictures.filterTiles), 10),
    ),
    stage,
  );
  context.artifacts.write(
    `${name}-filters-by-epoch`,
    filterGrid(`RBM ${options.layer}: filters epoch by epoch`, `The first ${FILTERS_PER_EPOCH} hidden units' weights at the end of each epoch (a row per epoch).`, imageShape, epochFilters),
    stage,
  );
  // Chains start at held-out examples chosen by the seed; binary units are drawn as their probabilities.
  const rng = createRng(deriveSeed(context.config.seed, 'gibbs-start', name));
  const chains = Math.min(pictures.chains, options.heldOut.count);
  const picked = Array.from({ length: chains }, () => rng.int(options.heldOut.count));
  const start = gatherRows(options.heldOut.x, options.heldOut.size, picked);
  const startValues = start.dataSync() as Float32Array;
  start.dispose();
  const rows = gibbsRows(rbm, startValues, chains, pictures.rows, pictures.sweeps, deriveSeed(context.config.seed, 'gibbs', name));
  const [low, high] = extentOf(rows.flatMap((row) => Array.from(row.values)));
  const range: [number, number] = rbm.visible === 'binary' ? [0, 1] : [round(low), round(high)];
  context.artifacts.write(
    `${name}-samples`,
    {
      kind: 'image-grid',
      title: `RBM ${options.layer}: samples from Gibbs chains`,
      caption: `${chains} chains started at ${options.heldOutName} examples (top row); each later row is the chains' visible means ${pictures.sweeps} Gibbs sweeps on.`,
      imageShape,
      range,
      rows: rows.map((row) => ({
        label: row.label,
        images: Array.from({ length: chains }, (_, c) => ({ pixels: Array.from(row.values.subarray(c * rbm.visibleSize, (c + 1) * rbm.visibleSize), (v) => Math.round(v * 1000) / 1000) })),
      })),
    },
    stage,
  );
}

function meanFreeEnergy(rbm: Rbm, x: Float32Array): number {
  const count = x.length / rbm.visibleSize;
  if (count === 0) return Number.NaN;
  const total = tf.tidy(() => tf.sum(freeEnergy(rbm, tf.tensor2d(x, [count, rbm.visibleSize]))));
  const value = total.dataSync()[0] / count;
  total.dispose();
  return value;
}

function wall(context: ProcedureContext): number {
  return Math.round(performance.now() - context.started);
}
