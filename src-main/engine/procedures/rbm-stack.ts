import * as tf from '@tensorflow/tfjs-core';
import type { RbmTraining } from '../../../src-shared/procedures/rbm';
import type { DataSplit } from '../data';
import { exampleSize } from '../data/types';
import { createRbm, disposeRbm, hiddenMeansOf, type Rbm, type UnitKind } from '../rbm/rbm';
import { trainRbmStage, type LayerRows } from './rbm-stage';
import type { FinishedMessage, ProcedureContext } from './types';

export interface StackLayer {
  /** The dense node whose kernel and bias become the RBM's W and hidden biases. */
  nodeId: string;
  hidden: UnitKind;
  learningRate: number;
}

const HELD_OUT_ROWS = 2000;

/**
 * Greedy layer-wise pretraining (mnistdeepauto.m, mnistclassify.m): RBM l trains on the hidden
 * probabilities of RBM l−1 over the training set; stage l is RBM l. Each trained RBM is written into its
 * dense node (kernel = W, bias = hidden biases) and handed to `onTrained` (the autoencoder writes the
 * mirrored decoder layer from it) before it is freed. rbm.m keeps the positive-phase probabilities of its
 * last epoch as the next layer's data (computed while the weights still moved); here they are recomputed
 * with the final weights, which is what the network sees afterwards.
 * Returns a finished message when a stage stopped or diverged, else null.
 */
export async function pretrainStack(
  context: ProcedureContext,
  training: RbmTraining,
  layers: readonly StackLayer[],
  onTrained: (index: number, rbm: Rbm) => void = () => {},
): Promise<FinishedMessage | null> {
  const { model, splits, job } = context;
  const heldOutSplit: DataSplit = splits.val.count > 0 ? splits.val : splits.test;
  const heldOutName = splits.val.count > 0 ? 'validation' : 'test';
  const inputSize = exampleSize(splits.train.shape);
  let train: LayerRows = { x: splits.train.x, count: splits.train.count, size: inputSize };
  const heldCount = Math.min(HELD_OUT_ROWS, heldOutSplit.count);
  let heldOut: LayerRows = { x: heldOutSplit.x.subarray(0, heldCount * inputSize), count: heldCount, size: inputSize };
  const imageShape = imageShapeOf(splits.train.shape);
  for (const [index, layer] of layers.entries()) {
    const units = model.analysis.nodes.get(layer.nodeId)!.outputShape![0];
    if (index < context.resumeStage) {
      // Finished before the run was stopped: the stage checkpoint restored its weights (and the decoder written
      // from it); only the next RBM's data is recomputed from them, as after training.
      context.stages.carriedOver(index, training.rbmEpochs);
      if (index < layers.length - 1) {
        const weights = model.nodeWeights(layer.nodeId)!;
        const restored = { visible: 'binary', hidden: layer.hidden, visibleSize: train.size, hiddenSize: units, weights: weights.kernel, hiddenBias: weights.bias } as unknown as Rbm;
        train = { x: hiddenMeansOf(restored, train.x, train.count), count: train.count, size: units };
        heldOut = { x: hiddenMeansOf(restored, heldOut.x, heldOut.count), count: heldOut.count, size: units };
      }
      continue;
    }
    const rbm = createRbm(
      { visibleSize: train.size, hiddenSize: units, visible: index === 0 ? training.visibleUnits : 'binary', hidden: layer.hidden },
      training.initSigma,
      context.config.seed,
      `rbm-${index + 1}`,
    );
    try {
      const loop = await trainRbmStage(context, rbm, {
        stage: index,
        layer: index + 1,
        training,
        learningRate: layer.learningRate,
        train,
        heldOut,
        heldOutName,
        pictures: index === 0 && imageShape ? { imageShape, filterTiles: 100, chains: 10, rows: 6, sweeps: 100 } : undefined,
      });
      if (loop.status === 'diverged') return { type: 'finished', runId: job.runId, status: 'diverged', error: `RBM ${index + 1}: ${loop.reason}` };
      if (loop.status === 'stopped') return { type: 'finished', runId: job.runId, status: 'stopped', error: `stopped while pretraining RBM ${index + 1}` };
      const weights = model.nodeWeights(layer.nodeId)!;
      tf.tidy(() => {
        weights.kernel.assign(rbm.weights);
        weights.bias.assign(rbm.hiddenBias);
      });
      onTrained(index, rbm);
      context.stageCheckpoint(index + 1);
      if (index < layers.length - 1) {
        train = { x: hiddenMeansOf(rbm, train.x, train.count), count: train.count, size: units };
        heldOut = { x: hiddenMeansOf(rbm, heldOut.x, heldOut.count), count: heldOut.count, size: units };
      }
    } finally {
      disposeRbm(rbm);
    }
  }
  return null;
}

/** H×W(×1) data can be drawn as images; other shapes are not. */
export function imageShapeOf(shape: readonly number[]): [number, number] | undefined {
  if ((shape.length === 3 && shape[2] === 1) || shape.length === 2) return [shape[0], shape[1]];
  return undefined;
}

/** The dense nodes of the model in topological order. */
export function denseNodes(context: ProcedureContext): string[] {
  return context.model.analysis.order.filter((id) => context.model.analysis.nodes.get(id)!.kind === 'dense');
}
