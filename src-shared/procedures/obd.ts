import { z } from 'zod';
import type { NetworkOutline, ProcedureDef, StageDef } from './types';

export const OBD_METRIC = {
  /** Per pruning round (step = round, 0 = the trained network before any deletion): the fraction of kernel weights deleted. */
  sparsity: 'obd/sparsity',
  /** Errors of the network after the round's retraining (round 0: after training). */
  trainErrorRate: 'obd/train_error_rate',
  testErrorRate: 'obd/test_error_rate',
  testLoss: 'obd/test_loss',
  /** The round's test error right after deleting, before retraining. */
  prunedTestErrorRate: 'obd/pruned_test_error_rate',
} as const;

export const OBD_METHODS = ['obd', 'magnitude', 'random'] as const;
export type ObdMethod = (typeof OBD_METHODS)[number];

const fraction = z.number().gt(0).lt(1);

export const obdParamsSchema = z
  .object({
    /** How the weights to delete are ranked: OBD's saliency h_kk·w_k²/2, |w_k|, or at random (the baselines). */
    method: z.enum(OBD_METHODS).default('obd'),
    /**
     * The fraction of kernel weights deleted after each round, rising; the last is the target sparsity.
     * Biases are never deleted (LeCun et al. count them as parameters; they are a small part of a dense net).
     */
    sparsities: z
      .array(fraction)
      .min(1)
      .max(100)
      .default([0.2, 0.4, 0.6, 0.7, 0.8, 0.9, 0.95])
      .refine((list) => list.every((value, i) => i === 0 || value > list[i - 1]), { message: 'sparsities must rise, e.g. [0.2, 0.4, 0.6, 0.8, 0.9]' }),
    /** Epochs of backprop after each deletion (the run's optimizer, learning rate and batch); 0: delete only. */
    retrainEpochs: z.number().int().min(0).max(10000).default(1),
    /**
     * Parts a round's deletion is split into, the saliency recomputed on the thinned network before each part
     * (no training in between). A deletion changes the Hessian of what is left — a unit that loses inputs
     * leaves saturation — which one ranking of the whole round cannot see. Magnitude and random rankings do
     * not change when other weights are deleted, so for them this changes nothing.
     */
    deletionSteps: z.number().int().min(1).max(1000).default(1),
    /** 'lm': the Levenberg–Marquardt (Gauss–Newton) form, which drops f″ and is never negative; 'exact': keeps f″·∂E/∂x (the true diagonal for one hidden layer). */
    hessian: z.enum(['lm', 'exact']).default('lm'),
    /** Training examples (the first ones of a seeded shuffle) the diagonal of the Hessian and the predicted-vs-actual losses are computed on. */
    hessianExamples: z.number().int().min(1).max(1_000_000).default(2000),
    /** Examples (the first of the Hessian's) the predicted-against-actual plot evaluates each deletion on, both its prediction and the actual loss; each sampled weight costs a forward pass over them. */
    actualExamples: z.number().int().min(1).max(100_000).default(2000),
    /** Weights in the predicted-against-actual saliency plot, at evenly spaced ranks of the saliency; 0: no plot. */
    saliencySamples: z.number().int().min(0).max(5000).default(200),
    /** Fractions of one layer's weights deleted alone, without retraining, for the per-layer sensitivity table; empty: none. */
    sensitivityLevels: z.array(fraction).max(20).default([0.25, 0.5, 0.75, 0.9, 0.95]),
  })
  .strict();
export type ObdParams = z.infer<typeof obdParamsSchema>;

/** One stage of an OBD run; `round` counts from 0. */
export type ObdStage = { part: 'train' } | { part: 'analyse' } | { part: 'prune'; round: number } | { part: 'retrain'; round: number } | { part: 'evaluate' };

/** train, analyse (saliency plot, per-layer sensitivity), per sparsity: prune [, retrain], then the test evaluation. */
export function obdStagePlan(params: Pick<ObdParams, 'sparsities' | 'retrainEpochs'>): ObdStage[] {
  const plan: ObdStage[] = [{ part: 'train' }, { part: 'analyse' }];
  params.sparsities.forEach((_, round) => {
    plan.push({ part: 'prune', round });
    if (params.retrainEpochs > 0) plan.push({ part: 'retrain', round });
  });
  plan.push({ part: 'evaluate' });
  return plan;
}

const METHOD_LABEL: Record<ObdMethod, string> = { obd: 'saliency (OBD)', magnitude: 'magnitude', random: 'at random' };

function stageDef(stage: ObdStage, params: ObdParams, epochs: number): StageDef {
  const percent = (round: number) => `${Math.round(params.sparsities[round] * 1000) / 10}%`;
  switch (stage.part) {
    case 'train':
      return { name: 'train', label: 'Training by backprop', kind: 'epochs', epochs };
    case 'analyse':
      return { name: 'analyse', label: 'Predicted against actual saliency; per-layer sensitivity', kind: 'solve', epochs: 1 };
    case 'prune':
      return { name: `prune-${stage.round + 1}`, label: `Deleting weights ${METHOD_LABEL[params.method]} to ${percent(stage.round)}`, kind: 'solve', epochs: 1 };
    case 'retrain':
      return { name: `retrain-${stage.round + 1}`, label: `Retraining at ${percent(stage.round)} deleted`, kind: 'epochs', epochs: params.retrainEpochs };
    case 'evaluate':
      return { name: 'evaluate', label: 'Testing the pruned network', kind: 'evaluate', epochs: 1 };
  }
}

/**
 * Optimal Brain Damage (LeCun, Denker & Solla 1990): train, then repeatedly delete the kernel weights with
 * the smallest saliency s_k = h_kk·w_k²/2 (h_kk the diagonal of the Hessian, by a second backward pass) and
 * retrain, to each sparsity of the schedule. Baselines at the same sparsities: magnitude and random.
 * Deleted weights are masked: they stay exactly 0 through training, optimizer slots, max-norm, checkpoints,
 * saved weights and exports.
 */
export const obd: ProcedureDef<ObdParams> = {
  kind: 'obd',
  label: 'Optimal Brain Damage',
  description: 'Train, then delete the weights whose loss the diagonal Hessian predicts to be smallest (or by magnitude, or at random) and retrain, round by round to a target sparsity.',
  params: obdParamsSchema,
  stages: (params, config) => obdStagePlan(params).map((stage) => stageDef(stage, params, config.epochs)),
  metricKeys: Object.values(OBD_METRIC),
  results: [
    { key: OBD_METRIC.sparsity, label: 'fraction of kernel weights deleted' },
    { key: OBD_METRIC.testErrorRate, label: 'test error rate at that sparsity' },
  ],
  panels: [
    {
      id: 'obd-error',
      title: 'Error per pruning round',
      yLabel: 'error rate',
      curves: [
        { key: OBD_METRIC.trainErrorRate, label: 'train, after retraining', style: 'train' },
        { key: OBD_METRIC.testErrorRate, label: 'test, after retraining', style: 'val' },
        { key: OBD_METRIC.prunedTestErrorRate, label: 'test, right after deleting', style: 'val-second' },
      ],
    },
    { id: 'obd-sparsity', title: 'Fraction of weights deleted', yLabel: 'sparsity', curves: [{ key: OBD_METRIC.sparsity, label: 'kernel weights deleted', style: 'step' }] },
  ],
  artifactKinds: ['curve', 'scatter', 'table'],
  supervised: true,
  checkNetwork: checkObdNetwork,
};

/**
 * A chain input → [flatten/reshape/dropout] → dense … → dense, where a linear dense may be followed by an
 * activation node. The second-derivative pass is written for dense layers; a conv2d (or any other kind) is
 * refused by name.
 */
export function checkObdNetwork(network: NetworkOutline): string[] {
  const messages: string[] = [];
  let previous: NetworkOutline['nodes'][number] | null = null;
  let dense = 0;
  for (const node of network.nodes) {
    if (node.inputs.length > 1) messages.push(`node "${node.id}": procedure obd needs a chain of layers; this node has ${node.inputs.length} inputs`);
    if (node.kind === 'dense') {
      dense += 1;
      const activation = String(node.params.activation ?? 'linear');
      if (!['linear', 'tanh', 'sigmoid', 'relu', 'softmax'].includes(activation)) messages.push(`node "${node.id}": procedure obd has no second derivative for activation ${activation}`);
    } else if (node.kind === 'activation') {
      const fn = String(node.params.fn);
      if (previous?.kind !== 'dense' || String(previous.params.activation ?? 'linear') !== 'linear') {
        messages.push(`node "${node.id}": procedure obd takes an activation node only right after a linear dense layer`);
      } else if (!['linear', 'tanh', 'sigmoid', 'relu', 'softmax'].includes(fn)) messages.push(`node "${node.id}": procedure obd has no second derivative for activation ${fn}`);
    } else if (!['input', 'flatten', 'reshape', 'dropout'].includes(node.kind)) {
      messages.push(`node "${node.id}": procedure obd computes second derivatives for dense layers only; ${node.kind} is not supported (use dense layers, with flatten and dropout between them)`);
    }
    previous = node;
  }
  if (dense === 0) messages.push('procedure obd: the network has no dense layer to prune');
  return messages;
}
