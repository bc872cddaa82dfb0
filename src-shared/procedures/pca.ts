import { z } from 'zod';
import type { NetworkOutline, ProcedureDef } from './types';

export const PCA_METRIC = {
  trainReconstruction: 'pca/train_reconstruction_error',
  testReconstruction: 'pca/test_reconstruction_error',
  explainedVariance: 'pca/explained_variance',
} as const;

export const pcaParamsSchema = z
  .object({
    /** Test images shown beside their reconstructions. */
    reconstructionImages: z.number().int().min(1).max(100).default(12),
    /** Test examples plotted in the 2-D scatter of the first two components. */
    scatterPoints: z.number().int().min(10).max(10000).default(2000),
  })
  .strict();
export type PcaParams = z.infer<typeof pcaParamsSchema>;

/**
 * PCA-k as a linear autoencoder: input → (flatten) → dense k linear ("code") → dense D linear. The solve
 * fills both layers from the training data's covariance (encoder = top-k eigenvectors, decoder = their
 * transpose, biases from the mean), so the network then reconstructs exactly as PCA does and is saved,
 * compared and exported like any other. Reconstruction error as Hinton & Salakhutdinov 2006: squared error
 * summed over the features of an example (pixels scaled to [0, 1]), averaged over examples.
 */
export const pca: ProcedureDef<PcaParams> = {
  kind: 'pca',
  label: 'PCA',
  description: 'Principal components of the training data, solved in closed form; reconstructions and a 2-D code scatter.',
  params: pcaParamsSchema,
  stages: () => [
    { name: 'fit', label: 'Solving for the components', kind: 'solve', epochs: 1 },
    { name: 'evaluate', label: 'Reconstructing train and test', kind: 'evaluate', epochs: 1 },
  ],
  metricKeys: Object.values(PCA_METRIC),
  results: [
    { key: PCA_METRIC.testReconstruction, label: 'test reconstruction error' },
    { key: PCA_METRIC.trainReconstruction, label: 'train reconstruction error' },
    { key: PCA_METRIC.explainedVariance, label: 'variance explained' },
  ],
  panels: [],
  artifactKinds: ['image-grid', 'scatter', 'curve'],
  supervised: false,
  checkNetwork: checkLinearAutoencoder,
};

/** The network PCA fills: after the input (and at most a flatten), a linear dense code layer, then a linear dense layer as wide as the input. */
export function checkLinearAutoencoder(network: NetworkOutline): string[] {
  const layers = network.nodes.filter((node) => node.kind !== 'input' && node.kind !== 'flatten');
  const inputSize = network.inputShape.reduce((a, b) => a * b, 1);
  const shape = 'PCA needs input → (flatten) → dense (linear, k units) → dense (linear, as many units as the input has values)';
  if (layers.length !== 2 || layers.some((node) => node.kind !== 'dense')) {
    return [`procedure pca: the network has ${layers.map((node) => `"${node.id}" (${node.kind})`).join(', ') || 'no layers'}; ${shape}`];
  }
  const messages: string[] = [];
  for (const node of layers) {
    const activation = node.params.activation ?? 'linear';
    if (activation !== 'linear') messages.push(`node "${node.id}": procedure pca needs a linear activation, got ${String(activation)}`);
  }
  const [code, decoder] = layers;
  const k = Number(code.params.units);
  if (k > inputSize) messages.push(`node "${code.id}": ${k} components are more than the input's ${inputSize} values`);
  if (Number(decoder.params.units) !== inputSize) {
    messages.push(`node "${decoder.id}": procedure pca reconstructs the input, so it needs ${inputSize} units, got ${String(decoder.params.units)}`);
  }
  return messages;
}
