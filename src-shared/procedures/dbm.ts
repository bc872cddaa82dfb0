import { z } from 'zod';
import { checkRbmActivation, denseChain } from './rbm';
import type { NetworkOutline, ProcedureDef, StageDef } from './types';

export const DBM_METRIC = {
  pretrainReconstruction: 'dbm/pretrain_reconstruction_error',
  jointReconstruction: 'dbm/joint_reconstruction_error',
  /** Variational lower bound on the mean test log-probability each joint epoch, log Z from the cheap per-epoch AIS. */
  testLowerBoundEpoch: 'dbm/test_lower_bound_epoch',
  logPartitionEpoch: 'dbm/log_partition_epoch',
  /** After joint training: the bound on the whole test set with log Z from the final (longer) AIS. */
  testLowerBound: 'dbm/test_lower_bound',
  trainLowerBound: 'dbm/train_lower_bound',
  logPartition: 'dbm/log_partition',
  logPartitionStdError: 'dbm/log_partition_std_error',
  testErrorRateEpoch: 'dbm/test_error_rate',
} as const;

/**
 * Defaults follow Salakhutdinov's DBM code (rbm.m, rbm_l2.m, dbm_mf.m, mf.m, backprop.m of "Learning Deep
 * Boltzmann Machines"), read in a public copy (github.com/onermustafaumit/Classification_of_Hyperspectral_Images_based_on_Deep_Boltzmann_Machines).
 */
export const dbmParamsSchema = z
  .object({
    // Greedy pretraining (rbm.m, rbm_l2.m): lr 0.05, weight cost 0.001, momentum 0.5 then 0.9 after epoch 5, CD-1.
    rbmEpochs: z.number().int().min(1).max(10000).default(10),
    rbmBatchSize: z.number().int().min(1).max(10000).default(100),
    rbmLearningRate: z.number().positive().max(10).default(0.05),
    rbmWeightDecay: z.number().min(0).max(1).default(0.001),
    initialMomentum: z.number().min(0).max(1).default(0.5),
    finalMomentum: z.number().min(0).max(1).default(0.9),
    momentumSwitchEpoch: z.number().int().min(0).max(10000).default(5),
    /** rbm.m draws the first RBM's W from 0.001·N(0, 1), rbm_l2.m the second's from 0.01·N(0, 1). */
    rbm1InitSigma: z.number().positive().max(10).default(0.001),
    rbm2InitSigma: z.number().positive().max(10).default(0.01),
    /** rbm_l2.m: the top RBM runs CD-k with k = ceil(epoch / 20) and its learning rate divided by k. */
    cdIncreaseEvery: z.number().int().min(1).max(100000).default(20),
    // Joint training (dbm_mf.m).
    jointEpochs: z.number().int().min(1).max(100000).default(10),
    /** Batch size of joint training, and the number of persistent chains (dbm_mf.m: 100 of each). */
    jointBatchSize: z.number().int().min(1).max(10000).default(100),
    jointLearningRate: z.number().positive().max(10).default(0.001),
    /** dbm_mf.m divides the learning rate by 1.000015 after every batch, down to `minLearningRate`. */
    learningRateDecay: z.number().min(1).max(2).default(1.000015),
    minLearningRate: z.number().min(0).max(10).default(0.0001),
    jointWeightDecay: z.number().min(0).max(1).default(0.0002),
    /**
     * Joint training's momentum after `momentumSwitchEpoch` (before it, `initialMomentum`). dbm_mf.m: 0.9.
     * On 784-500-1000 MNIST with 10 + 10 RBM epochs, 0.9 took the test bound from −98.9 to −135 nats in four
     * epochs; the template keeps 0.5.
     */
    jointFinalMomentum: z.number().min(0).max(1).default(0.9),
    /** Mean-field updates for the data-dependent statistics (the paper: about 10; mf.m: up to 30, stopping when nothing moves). */
    meanFieldUpdates: z.number().int().min(1).max(1000).default(10),
    /** Gibbs sweeps of the persistent chains per update (dbm_mf.m: 5). */
    gibbsSteps: z.number().int().min(1).max(1000).default(5),
    /**
     * Gibbs sweeps of the persistent chains on the pretrained model before the first joint update (and on a
     * resume, whose chains start again). A deviation from dbm_mf.m, which starts updating from chains of
     * random binary images; 0 is the code's way.
     */
    chainBurnIn: z.number().int().min(0).max(100000).default(0),
    /** dbm_mf.m's sparsity penalty: targets 0.2 (h1) and 0.1 (h2), cost 0.001, damping 0.9. Cost 0: off. */
    sparsityTarget1: z.number().min(0).max(1).default(0.2),
    sparsityTarget2: z.number().min(0).max(1).default(0.1),
    sparsityCost: z.number().min(0).max(100).default(0.001),
    sparsityDamping: z.number().min(0).max(1).default(0.9),
    // The variational lower bound on the test log-probability.
    /** Test rows the per-epoch bound is computed on (binarised once, seeded). */
    boundRows: z.number().int().min(1).max(1000000).default(2000),
    /** Per-epoch AIS of log Z: few runs and few temperatures, a cheap estimate labelled as such. */
    epochAisRuns: z.number().int().min(0).max(10000).default(20),
    epochAisBetas: z.number().int().min(10).max(1000000).default(1000),
    /**
     * AIS's start over h1 and h2: 'data', a factorial model at the mean-field activations of training
     * images under the current DBM; 'uniform', h1 and h2 at 0.5 (the visible units start at the data's base
     * rates either way). On the composed 784-500-1000 model 1,000 β gave log Z 25 nats higher from the
     * data base than from the uniform one: the uniform start's short AIS underestimates log Z and so
     * flatters the bound.
     */
    aisBase: z.enum(['data', 'uniform']).default('data'),
    /** After joint training: the AIS the figure is reported with (the paper: 100 runs, 20,000 β). 0 runs: no such stage. */
    finalAisRuns: z.number().int().min(0).max(10000).default(100),
    finalAisBetas: z.number().int().min(10).max(1000000).default(20000),
    // Fine-tuning (backprop.m).
    /** Mean-field updates that give q(h2) for the classifier's input (the code's mf_class: up to 50). */
    fineTuneMeanFieldUpdates: z.number().int().min(1).max(1000).default(30),
    /** Fine-tuning epochs at the start that train only the softmax layer (backprop.m: `if epoch<6`, CG_MNIST_INIT). */
    topOnlyEpochs: z.number().int().min(0).max(10000).default(5),
    /** Persistent chains drawn as the chain-samples artifact. */
    sampleChains: z.number().int().min(1).max(100).default(10),
  })
  .strict();
export type DbmParams = z.infer<typeof dbmParamsSchema>;

export function dbmStages(params: DbmParams, config: { epochs: number }): StageDef[] {
  return [
    { name: 'rbm-1', label: 'RBM 1 (2W bottom-up)', kind: 'epochs', epochs: params.rbmEpochs },
    { name: 'rbm-2', label: 'RBM 2 (2W top-down)', kind: 'epochs', epochs: params.rbmEpochs },
    { name: 'joint', label: 'Joint training (mean field + persistent chains)', kind: 'epochs', epochs: params.jointEpochs },
    ...(params.finalAisRuns > 0 ? [{ name: 'bound', label: 'Lower bound on the test log-probability (AIS)', kind: 'evaluate' as const, epochs: 1 }] : []),
    { name: 'finetune', label: 'Fine-tuning by backprop on [v, q(h2)]', kind: 'epochs', epochs: config.epochs },
  ];
}

/**
 * A two-layer deep Boltzmann machine (Salakhutdinov & Hinton 2009) on the dense layers h1 and h2 of a
 * chain input → (flatten) → h1 sigmoid → h2 sigmoid → softmax: greedy pretraining with the doubled RBMs,
 * joint training by mean field and persistent chains, the variational lower bound on the test
 * log-probability, then the classifier fine-tuned on [v, q(h2)] (h1 receives v·W1 + q(h2)·W2ᵀ). Dropout
 * layers in the chain make it dropout fine-tuning.
 */
export const dbm: ProcedureDef<DbmParams> = {
  kind: 'dbm',
  label: 'Deep Boltzmann machine',
  description: 'Greedy pretraining with doubled RBMs, joint training by mean field and persistent chains, the test lower bound, then fine-tuning on [v, q(h2)].',
  params: dbmParamsSchema,
  stages: dbmStages,
  metricKeys: Object.values(DBM_METRIC),
  results: [
    { key: DBM_METRIC.testLowerBound, label: 'test lower bound on log p(v) (nats, AIS)' },
    { key: DBM_METRIC.trainLowerBound, label: 'train lower bound on log p(v) (nats, AIS)' },
    { key: DBM_METRIC.logPartition, label: 'log Z (AIS)' },
    { key: DBM_METRIC.logPartitionStdError, label: 'log Z standard error' },
  ],
  panels: [
    {
      id: 'dbm-reconstruction',
      title: 'Reconstruction error',
      yLabel: 'squared error per example',
      curves: [
        { key: DBM_METRIC.pretrainReconstruction, label: 'pretraining', style: 'train' },
        { key: DBM_METRIC.jointReconstruction, label: 'joint', style: 'val' },
      ],
    },
    {
      id: 'dbm-bound',
      title: 'Lower bound on the test log-probability (cheap per-epoch AIS)',
      yLabel: 'nats per image',
      curves: [{ key: DBM_METRIC.testLowerBoundEpoch, label: 'test', style: 'val' }],
    },
    { id: 'dbm-test', title: 'Test error while fine-tuning', yLabel: 'error rate', curves: [{ key: DBM_METRIC.testErrorRateEpoch, label: 'test', style: 'val' }] },
  ],
  artifactKinds: ['image-grid', 'table'],
  supervised: true,
  checkNetwork: checkDbmNetwork,
};

export function checkDbmNetwork(network: NetworkOutline): string[] {
  const { dense, messages } = denseChain(network, 'dbm');
  if (dense.length !== 3) {
    return [...messages, `procedure dbm: the network has ${dense.length} dense layer${dense.length === 1 ? '' : 's'}; a two-layer DBM needs exactly three: h1 and h2 (sigmoid) and the softmax classifier (784-500-1000-10)`];
  }
  for (const node of dense.slice(0, 2)) messages.push(...checkRbmActivation(node, 'dbm', ['sigmoid']));
  if (String(dense[2].params.activation ?? 'linear') !== 'softmax') messages.push(`node "${dense[2].id}": procedure dbm fine-tunes a softmax classifier on top; set its activation to softmax`);
  return messages;
}
