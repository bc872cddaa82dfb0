import type { KernelValues } from './first-layer-weights';

/** A node's kernel from a weights.json artifact; null when the file has none for that node. */
export async function readKernel(file: string, nodeId: string): Promise<KernelValues | null> {
  // Loaded on demand: weights-io pulls in tfjs-core, which main needs only here.
  const { loadWeights } = await import('../engine/weights-io');
  const kernel = loadWeights(file).weights[nodeId]?.kernel;
  return kernel ? { shape: kernel.shape, values: kernel.values } : null;
}
