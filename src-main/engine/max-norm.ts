import * as tf from '@tensorflow/tfjs-core';
import type { MaxNormConfig } from '../../src-shared/config/schema';
import type { Model, ModelWeight } from './model';

const CONSTRAINED_KINDS = new Set(['dense', 'conv2d']);

export class MaxNormError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MaxNormError';
  }
}

/**
 * The kernels max-norm applies to: config.nodes, or every dense and conv2d node.
 * Throws naming an id that is not a dense or conv2d node of the model.
 */
export function maxNormTargets(model: Model, config: MaxNormConfig): ModelWeight[] {
  const kernels = model.weights.filter((weight) => weight.def.role === 'kernel' && CONSTRAINED_KINDS.has(model.analysis.nodes.get(weight.nodeId)!.kind));
  if (!config.nodes) return kernels;
  for (const id of config.nodes) {
    if (!kernels.some((weight) => weight.nodeId === id)) {
      const known = [...new Set(kernels.map((weight) => weight.nodeId))].join(', ') || 'none';
      throw new MaxNormError(`config.maxNorm.nodes: "${id}" is not a dense or conv2d node of the model (those are: ${known})`);
    }
  }
  return kernels.filter((weight) => config.nodes!.includes(weight.nodeId));
}

/**
 * Rescales each unit's incoming weight vector (a dense kernel column, a conv filter) whose norm
 * exceeds the bound back onto it. 'squared-length' bounds ‖w‖² ≤ limit, i.e. ‖w‖ ≤ √limit.
 * Call inside tf.tidy.
 */
export function applyMaxNorm(targets: ModelWeight[], config: MaxNormConfig): void {
  const bound = config.measure === 'squared-length' ? Math.sqrt(config.limit) : config.limit;
  for (const { variable } of targets) {
    const unitAxes = variable.shape.slice(0, -1).map((_, axis) => axis);
    const norms = tf.sqrt(tf.sum(tf.square(variable), unitAxes, true));
    const factor = tf.minimum(1, tf.div(bound, tf.maximum(norms, 1e-12)));
    variable.assign(tf.mul(variable, factor));
  }
}
