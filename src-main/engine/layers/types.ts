import type * as tf from '@tensorflow/tfjs-core';
import type { Params } from '../../../src-shared/network/catalog-types';

export interface LayerContext {
  /** Dropout is active only while training. */
  training: boolean;
  /** Seed for this node at this step; the same seed gives the same dropout mask. */
  dropoutSeed: number;
  /** This node's weights by name ("kernel", "bias"). */
  weights: Readonly<Record<string, tf.Tensor>>;
  /** True when no trainable weight lies upstream: the gradient with respect to the inputs is not needed. */
  inputsAreData?: boolean;
  /** conv2d only: a following 'valid' max pool (stride = size) to apply as part of this layer; the pool node then passes through. */
  maxPool?: { size: number };
}

/**
 * One layer kind's computation. Inputs carry a leading batch axis; params are the catalog's, with
 * defaults filled in (validateSpec has already checked them and the shapes).
 */
export type LayerForward = (inputs: tf.Tensor[], params: Params, context: LayerContext) => tf.Tensor;
