import { z } from 'zod';
import { checkRbmActivation, denseChain, rbmPanels, RBM_METRIC, rbmStage, rbmTrainingFields } from './rbm';
import type { NetworkOutline, ProcedureDef } from './types';

export const DBN_METRIC = {
  /** Test error rate after each fine-tuning epoch (backpropclassify.m prints it before every epoch). */
  testErrorRateEpoch: 'dbn/test_error_rate',
} as const;

export const dbnParamsSchema = z
  .object({
    /** Dense layers from the input pretrained as a stack of RBMs (784-500-500-2000-10: 3); the layer after them is the classifier. */
    pretrainLayers: z.number().int().min(1).max(20).default(3),
    ...rbmTrainingFields,
    /** Fine-tuning epochs at the start that train only the output layer, the pretrained ones held fixed (backpropclassify.m: `if epoch<6`). */
    topOnlyEpochs: z.number().int().min(0).max(10000).default(5),
    /** False: no RBM stages, the network fine-tuned from its own random initialisation (the ablation's other arm; no top-only epochs then). */
    pretrain: z.boolean().default(true),
    /** Fine-tune on this many training examples (a subset drawn by the run's seed) while the RBMs see them all, unlabelled; 0: all. */
    labelledExamples: z.number().int().min(0).max(100_000_000).default(0),
  })
  .strict();
export type DbnParams = z.infer<typeof dbnParamsSchema>;

/**
 * A deep belief net classifier (Hinton, Osindero & Teh 2006; the code's mnistclassify.m): the first
 * `pretrainLayers` dense layers are trained greedily as RBMs, each on the hidden probabilities of the one
 * below, written into the layers' kernels and biases; then the whole network, a softmax layer on top, is
 * fine-tuned by backprop with the run's training config (its epochs, optimizer, dropout layers if any).
 */
export const dbn: ProcedureDef<DbnParams> = {
  kind: 'dbn',
  label: 'Deep belief net',
  description: 'Greedy RBM pretraining of the dense layers, then backprop fine-tuning of the classifier on top.',
  params: dbnParamsSchema,
  stages: (params, config) => [
    ...(params.pretrain ? Array.from({ length: params.pretrainLayers }, (_, i) => rbmStage(i, params.pretrainLayers, params)) : []),
    { name: 'finetune', label: params.pretrain ? 'Fine-tuning by backprop' : 'Backprop from random initialisation', kind: 'epochs', epochs: config.epochs },
  ],
  metricKeys: [...Object.values(RBM_METRIC), ...Object.values(DBN_METRIC)],
  results: [],
  panels: [
    ...rbmPanels,
    { id: 'dbn-test', title: 'Test error while fine-tuning', yLabel: 'error rate', curves: [{ key: DBN_METRIC.testErrorRateEpoch, label: 'test', style: 'val' }] },
  ],
  artifactKinds: ['image-grid'],
  supervised: true,
  checkNetwork: checkDbnNetwork,
};

/**
 * A chain of dense layers, every one below the classifier sigmoid (an RBM's hidden units). How many of them
 * are pretrained is `pretrainLayers`; the engine checks the network has that many below its classifier.
 */
export function checkDbnNetwork(network: NetworkOutline): string[] {
  const { dense, messages } = denseChain(network, 'dbn');
  if (dense.length < 2) {
    return [...messages, `procedure dbn: the network has ${dense.length} dense layer${dense.length === 1 ? '' : 's'}; it needs hidden layers to pretrain as RBMs and a classifier on top (784-500-500-2000-10)`];
  }
  for (const node of dense.slice(0, -1)) messages.push(...checkRbmActivation(node, 'dbn', ['sigmoid']));
  return messages;
}
