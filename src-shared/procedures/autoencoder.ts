import { z } from 'zod';
import { checkRbmActivation, denseChain, rbmPanels, RBM_METRIC, rbmStage, rbmTrainingFields } from './rbm';
import type { NetworkOutline, ProcedureDef } from './types';

export const AUTOENCODER_METRIC = {
  trainReconstruction: 'autoencoder/train_reconstruction_error',
  testReconstruction: 'autoencoder/test_reconstruction_error',
  /** PCA with as many components as the code, fitted on the same training data. */
  pcaTrainReconstruction: 'autoencoder/pca_train_reconstruction_error',
  pcaTestReconstruction: 'autoencoder/pca_test_reconstruction_error',
  /** After each fine-tuning epoch (backprop.m prints it before every epoch). */
  testReconstructionEpoch: 'autoencoder/test_reconstruction_error_epoch',
} as const;

export const autoencoderParamsSchema = z
  .object({
    /** Encoder dense layers pretrained as RBMs, half the network's dense layers (784-1000-500-250-30: 4); the engine checks it. */
    encoderLayers: z.number().int().min(1).max(20).default(4),
    ...rbmTrainingFields,
    /** The learning rate of the code layer's RBM, whose hidden units are linear (rbmhidlinear.m: 0.001). */
    codeLearningRate: z.number().positive().max(10).default(0.001),
    reconstructionImages: z.number().int().min(1).max(100).default(12),
    scatterPoints: z.number().int().min(10).max(10000).default(2000),
  })
  .strict();
export type AutoencoderParams = z.infer<typeof autoencoderParamsSchema>;

/**
 * The deep autoencoder of Hinton & Salakhutdinov 2006 (mnistdeepauto.m, backprop.m): the network is the
 * unrolled autoencoder, encoder dense layers then their mirror (784-1000-500-250-30-250-500-1000-784, the
 * code layer linear, the output logistic). The encoder layers are pretrained as a stack of RBMs (the code
 * layer's with linear hidden units); the decoder starts as their transposes with the RBMs' visible biases;
 * then the whole network is fine-tuned on the cross-entropy of its reconstruction with the run's training
 * config. Reported: squared reconstruction error per image (summed over pixels, averaged over images) on
 * train and test, beside PCA's with as many components, fitted on the same data.
 */
export const autoencoder: ProcedureDef<AutoencoderParams> = {
  kind: 'autoencoder',
  label: 'Deep autoencoder',
  description: 'RBM-pretrained encoder unrolled into a mirrored decoder, fine-tuned on reconstruction; errors, reconstructions and codes beside PCA.',
  params: autoencoderParamsSchema,
  stages: (params, config) => [
    ...Array.from({ length: params.encoderLayers }, (_, i) => rbmStage(i, params.encoderLayers, params)),
    { name: 'finetune', label: 'Fine-tuning the unrolled autoencoder', kind: 'epochs', epochs: config.epochs },
    { name: 'evaluate', label: 'Reconstructing train and test, beside PCA', kind: 'evaluate', epochs: 1 },
  ],
  metricKeys: [...Object.values(RBM_METRIC), ...Object.values(AUTOENCODER_METRIC)],
  results: [
    { key: AUTOENCODER_METRIC.testReconstruction, label: 'test reconstruction error' },
    { key: AUTOENCODER_METRIC.pcaTestReconstruction, label: 'PCA test reconstruction error' },
    { key: AUTOENCODER_METRIC.trainReconstruction, label: 'train reconstruction error' },
    { key: AUTOENCODER_METRIC.pcaTrainReconstruction, label: 'PCA train reconstruction error' },
  ],
  panels: [
    ...rbmPanels,
    { id: 'autoencoder-test', title: 'Test reconstruction error while fine-tuning', yLabel: 'squared error per image', curves: [{ key: AUTOENCODER_METRIC.testReconstructionEpoch, label: 'test', style: 'val' }] },
  ],
  artifactKinds: ['image-grid', 'scatter'],
  supervised: false,
  checkNetwork: checkMirroredAutoencoder,
};

/** Dense layers d1…dL then L mirrored ones: layer L+i has the units of layer L−i, the last as many as the input; sigmoid everywhere but the code (sigmoid or linear). */
export function checkMirroredAutoencoder(network: NetworkOutline): string[] {
  const { dense, messages } = denseChain(network, 'autoencoder');
  const inputSize = network.inputShape.reduce((a, b) => a * b, 1);
  const depth = Math.floor(dense.length / 2);
  if (dense.length < 2 || dense.length % 2 !== 0) {
    return [...messages, `procedure autoencoder: the network has ${dense.length} dense layers; it needs an encoder and its mirror, an even number (784-1000-500-250-30-250-500-1000-784: 8)`];
  }
  const sizes = [inputSize, ...dense.map((node) => Number(node.params.units))];
  for (let i = 1; i <= depth; i++) {
    const mirror = dense[dense.length - i];
    if (sizes[dense.length - i + 1] !== sizes[i - 1]) {
      messages.push(`node "${mirror.id}": the decoder mirrors the encoder, so it needs ${sizes[i - 1]} units (as ${i === 1 ? 'the input' : `"${dense[i - 2].id}"`}), got ${sizes[dense.length - i + 1]}`);
    }
  }
  dense.forEach((node, i) => {
    if (i === depth - 1) messages.push(...checkRbmActivation(node, 'autoencoder', ['sigmoid', 'linear']));
    else if (String(node.params.activation ?? 'linear') !== 'sigmoid') {
      messages.push(`node "${node.id}": procedure autoencoder needs a sigmoid activation here (the RBMs' logistic units and the logistic output), got ${String(node.params.activation ?? 'linear')}`);
    }
  });
  return messages;
}
