import { z } from 'zod';
import type { ChartPanelDef, NetworkOutline, ProcedureDef, StageDef } from './types';

export const RBM_METRIC = {
  reconstructionStep: 'rbm/reconstruction_error_step',
  reconstruction: 'rbm/reconstruction_error',
  freeEnergyTrain: 'rbm/free_energy_train',
  freeEnergyHeldOut: 'rbm/free_energy_heldout',
  freeEnergyGap: 'rbm/free_energy_gap',
  logPartition: 'rbm/log_partition',
  logPartitionStdError: 'rbm/log_partition_std_error',
  testLogLikelihood: 'rbm/test_log_likelihood',
  trainLogLikelihood: 'rbm/train_log_likelihood',
} as const;

/**
 * How each RBM of a stack trains, flat so the Train panel shows every field. Defaults are Hinton &
 * Salakhutdinov's rbm.m: CD-1, learning rate 0.1 for weights and biases, momentum 0.5 for 5 epochs then
 * 0.9, weight decay 2e-4, W ~ 0.1·N(0, 1), zero biases, batch 100. Their Science paper used 50 epochs
 * per layer; the code's comment says 10 "works just fine".
 */
export const rbmTrainingFields = {
  rbmEpochs: z.number().int().min(1).max(10000).default(10),
  rbmBatchSize: z.number().int().min(1).max(10000).default(100),
  rbmLearningRate: z.number().positive().max(10).default(0.1),
  /** Gibbs steps of the negative phase: CD-k. */
  cdSteps: z.number().int().min(1).max(1000).default(1),
  /** Persistent CD: negative chains carried on across batches (as many as the batch). */
  persistentCd: z.boolean().default(false),
  weightDecay: z.number().min(0).max(1).default(2e-4),
  initialMomentum: z.number().min(0).max(1).default(0.5),
  finalMomentum: z.number().min(0).max(1).default(0.9),
  /** Epochs at the initial momentum (rbm.m: `if epoch>5, momentum=finalmomentum`). */
  momentumSwitchEpoch: z.number().int().min(0).max(10000).default(5),
  initSigma: z.number().positive().max(10).default(0.1),
  /** Target mean activity of the hidden units; 0: no sparsity penalty. */
  sparsityTarget: z.number().min(0).max(1).default(0),
  sparsityCost: z.number().min(0).max(100).default(0.1),
  /** The first RBM's visible units: binary (pixels in [0, 1] as probabilities) or Gaussian (real values, unit variance: standardise the data). */
  visibleUnits: z.enum(['binary', 'gaussian']).default('binary'),
} as const;

export const rbmTrainingSchema = z.object(rbmTrainingFields).strict();
export type RbmTraining = z.infer<typeof rbmTrainingSchema>;

export const rbmParamsSchema = z
  .object({
    ...rbmTrainingFields,
    /** Binarise the data once before training (the AIS figures of Salakhutdinov & Murray 2008 are for binarised MNIST): 'sample' draws each pixel on with its intensity, seeded. */
    binarize: z.enum(['none', 'threshold', 'sample']).default('none'),
    /** Annealing runs of the log-likelihood estimate; 0: no AIS stage. */
    aisRuns: z.number().int().min(0).max(10000).default(100),
    /** Intermediate distributions of each run (the paper: 14,500). */
    aisBetas: z.number().int().min(10).max(1000000).default(14500),
    /** First-layer filters drawn as tiles. */
    filterTiles: z.number().int().min(1).max(500).default(100),
    /** Gibbs chains drawn as samples, and the sweeps between rows. */
    sampleChains: z.number().int().min(1).max(100).default(10),
    sampleSweeps: z.number().int().min(1).max(100000).default(1000),
  })
  .strict();
export type RbmParams = z.infer<typeof rbmParamsSchema>;

export const rbmPanels: readonly ChartPanelDef[] = [
  {
    id: 'rbm-reconstruction',
    title: 'Reconstruction error',
    yLabel: 'squared error per example',
    curves: [
      { key: RBM_METRIC.reconstructionStep, label: 'batch', style: 'step' },
      { key: RBM_METRIC.reconstruction, label: 'epoch', style: 'train' },
    ],
  },
  {
    id: 'rbm-free-energy',
    title: 'Free energy, training vs held-out data',
    yLabel: 'mean free energy',
    curves: [
      { key: RBM_METRIC.freeEnergyTrain, label: 'training', style: 'train' },
      { key: RBM_METRIC.freeEnergyHeldOut, label: 'held out', style: 'val' },
      { key: RBM_METRIC.freeEnergyGap, label: 'gap (held out − training)', style: 'val-second' },
    ],
  },
];

export function rbmStage(index: number, count: number, training: Pick<RbmTraining, 'rbmEpochs' | 'cdSteps' | 'persistentCd'>): StageDef {
  const method = `${training.persistentCd ? 'PCD' : 'CD'}-${training.cdSteps}`;
  return { name: `rbm-${index + 1}`, label: `RBM ${index + 1} of ${count} (${method})`, kind: 'epochs', epochs: training.rbmEpochs };
}

/**
 * One RBM trained by contrastive divergence on the network's input: input → (flatten) → dense (sigmoid:
 * binary hidden units; linear: Gaussian hidden units, as the code layer of the deep autoencoder). The dense
 * layer's kernel and bias are the RBM's W and hidden biases. Then an AIS estimate of log Z and the test
 * log-likelihood with its uncertainty (Salakhutdinov & Murray 2008).
 */
export const rbm: ProcedureDef<RbmParams> = {
  kind: 'rbm',
  label: 'RBM',
  description: 'A restricted Boltzmann machine trained by CD-k or persistent CD; filters, Gibbs samples, the free-energy gap, and an AIS estimate of the test log-likelihood.',
  params: rbmParamsSchema,
  stages: (params) => [
    rbmStage(0, 1, params),
    ...(params.aisRuns > 0 ? [{ name: 'ais', label: 'Estimating the log-likelihood (AIS)', kind: 'evaluate' as const, epochs: 1 }] : []),
  ],
  metricKeys: Object.values(RBM_METRIC),
  results: [
    { key: RBM_METRIC.testLogLikelihood, label: 'test log-likelihood (nats, AIS)' },
    { key: RBM_METRIC.trainLogLikelihood, label: 'train log-likelihood (nats, AIS)' },
    { key: RBM_METRIC.logPartition, label: 'log Z (AIS)' },
    { key: RBM_METRIC.logPartitionStdError, label: 'log Z standard error' },
    { key: RBM_METRIC.reconstruction, label: 'reconstruction error' },
  ],
  panels: rbmPanels,
  artifactKinds: ['image-grid', 'table'],
  supervised: false,
  checkNetwork: checkSingleRbm,
};

function checkSingleRbm(network: NetworkOutline): string[] {
  const layers = network.nodes.filter((node) => node.kind !== 'input' && node.kind !== 'flatten');
  const shape = 'an RBM needs input → (flatten) → dense (sigmoid for binary hidden units, linear for Gaussian ones)';
  if (layers.length !== 1 || layers[0].kind !== 'dense') {
    return [`procedure rbm: the network has ${layers.map((node) => `"${node.id}" (${node.kind})`).join(', ') || 'no layers'}; ${shape}`];
  }
  return checkRbmActivation(layers[0], 'rbm', ['sigmoid', 'linear']);
}

/** The node's activation is one an RBM's hidden units can be (sigmoid: binary, linear: Gaussian). */
export function checkRbmActivation(node: NetworkOutline['nodes'][number], kind: string, allowed: readonly string[]): string[] {
  const activation = String(node.params.activation ?? 'linear');
  if (allowed.includes(activation)) return [];
  return [`node "${node.id}": procedure ${kind} pretrains it as an RBM, whose hidden units are ${allowed.join(' or ')}; got ${activation}`];
}

/** The dense layers of a chain network in order, with what lies between them (flatten, dropout); messages for anything else. */
export function denseChain(network: NetworkOutline, kind: string): { dense: NetworkOutline['nodes']; messages: string[] } {
  const messages: string[] = [];
  const dense: NetworkOutline['nodes'] = [];
  for (const node of network.nodes) {
    if (node.inputs.length > 1) messages.push(`node "${node.id}": procedure ${kind} needs a chain of layers; this node has ${node.inputs.length} inputs`);
    if (node.kind === 'dense') dense.push(node);
    else if (!['input', 'flatten', 'dropout'].includes(node.kind)) {
      messages.push(`node "${node.id}": procedure ${kind} stacks dense layers (with flatten and dropout between them); ${node.kind} is not one`);
    }
  }
  return { dense, messages };
}
