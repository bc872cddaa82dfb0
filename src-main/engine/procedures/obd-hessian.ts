import * as tf from '@tensorflow/tfjs-core';
import { ProcedureError } from '../../../src-shared/procedures/catalog';
import { checkObdNetwork } from '../../../src-shared/procedures/obd';
import { networkOutline } from '../../../src-shared/procedures/outline';
import type { LossKind } from '../loss';
import type { Model, ModelWeight } from '../model';

type Activation = 'linear' | 'tanh' | 'sigmoid' | 'relu' | 'softmax';

/** A dense layer of the chain with the activation applied to its pre-activation (an activation node after a linear dense folded in). */
export interface DenseLayer {
  nodeId: string;
  activation: Activation;
  kernel: ModelWeight;
  bias: ModelWeight | undefined;
  inputs: number;
  units: number;
}

/** The network's dense layers in order; throws ProcedureError naming the node the pass cannot handle. */
export function denseLayers(model: Model, loss: LossKind): DenseLayer[] {
  const messages = checkObdNetwork(networkOutline(model.analysis));
  if (messages.length) throw new ProcedureError(messages.join('; '));
  const layers: DenseLayer[] = [];
  for (const nodeId of model.analysis.order) {
    const node = model.analysis.nodes.get(nodeId)!;
    if (node.kind === 'activation') {
      layers[layers.length - 1].activation = node.params.fn as Activation;
    } else if (node.kind === 'dense') {
      const kernel = model.weights.find((weight) => weight.nodeId === nodeId && weight.def.role === 'kernel')!;
      const bias = model.weights.find((weight) => weight.nodeId === nodeId && weight.def.role === 'bias');
      const [inputs, units] = kernel.variable.shape as [number, number];
      layers.push({ nodeId, activation: (node.params.activation ?? 'linear') as Activation, kernel, bias, inputs, units });
    }
  }
  const last = layers[layers.length - 1];
  if (loss === 'softmax-cross-entropy' && !['softmax', 'linear'].includes(last.activation)) {
    throw new ProcedureError(`node "${last.nodeId}": procedure obd with cross-entropy needs a softmax (or linear, as logits) output, got ${last.activation}`);
  }
  if (loss !== 'softmax-cross-entropy' && last.activation === 'softmax') {
    throw new ProcedureError(`node "${last.nodeId}": procedure obd has the second derivative of a softmax output only with the cross-entropy loss; set config.loss to softmax-cross-entropy`);
  }
  for (const layer of layers.slice(0, -1)) {
    if (layer.activation === 'softmax') throw new ProcedureError(`node "${layer.nodeId}": procedure obd takes softmax only at the output`);
  }
  return layers;
}

/** f′ and f″ at the pre-activation a, from a and the output y = f(a). Call inside tf.tidy. */
function derivatives(activation: Activation, a: tf.Tensor, y: tf.Tensor): { first: tf.Tensor; second: tf.Tensor | null } {
  switch (activation) {
    case 'tanh': {
      const first = tf.sub(1, tf.square(y));
      return { first, second: tf.mul(-2, tf.mul(y, first)) };
    }
    case 'sigmoid': {
      const first = tf.mul(y, tf.sub(1, y));
      return { first, second: tf.mul(first, tf.sub(1, tf.mul(2, y))) };
    }
    case 'relu':
      return { first: tf.cast(tf.greater(a, 0), 'float32'), second: null };
    default:
      return { first: tf.onesLike(a), second: null };
  }
}

function activate(activation: Activation, a: tf.Tensor): tf.Tensor {
  switch (activation) {
    case 'tanh':
      return tf.tanh(a);
    case 'sigmoid':
      return tf.sigmoid(a);
    case 'relu':
      return tf.relu(a);
    case 'softmax':
      return tf.softmax(a, -1);
    default:
      return a;
  }
}

/**
 * The diagonal of the Hessian of the mean loss with respect to every kernel weight, by LeCun, Denker &
 * Solla's second backward pass, summed over `batch` (returned as sums; divide by the examples):
 *   ∂²E/∂w_ij² = ∂²E/∂a_i² · x_j²,   ∂²E/∂a_i² = f′(a_i)² · Σ_l w_li² · ∂²E/∂a_l²  [+ f″(a_i) · ∂E/∂x_i, form 'exact']
 * The paper writes the last term with a minus because it propagates the error −∂E/∂x; the finite-difference
 * unit test fixes the sign. 'lm' (Levenberg–Marquardt, Gauss–Newton) drops it and is never negative.
 * At the output: MSE (mean over K outputs) gives ∂²E/∂y² = 2/K exactly. Softmax with cross-entropy has the
 * logit Hessian diag(p) − ppᵀ; rather than keep only its diagonal p − p², the pass carries it in full into
 * the last hidden layer — Σ_l w_li² p_l − (Σ_l w_li p_l)², as cheap as the diagonal — so that with one
 * hidden layer the 'lm' pass is the Gauss–Newton diagonal exactly; below that the recursion is LeCun's
 * diagonal approximation (cross terms between units of a layer dropped). Biases are not pruned; their
 * second derivatives are not computed.
 */
export function hessianSums(layers: readonly DenseLayer[], x: tf.Tensor, targets: tf.Tensor, loss: LossKind, form: 'lm' | 'exact'): tf.Tensor[] {
  return tf.tidy(() => {
    const n = x.shape[0];
    const inputs: tf.Tensor2D[] = [tf.reshape(x, [n, -1]) as tf.Tensor2D];
    const pre: tf.Tensor2D[] = [];
    const out: tf.Tensor2D[] = [];
    for (const layer of layers) {
      const product = tf.matMul(inputs[inputs.length - 1], layer.kernel.variable as tf.Tensor2D);
      const a = (layer.bias ? tf.add(product, layer.bias.variable) : product) as tf.Tensor2D;
      const y = activate(layer.activation, a) as tf.Tensor2D;
      pre.push(a);
      out.push(y);
      inputs.push(y);
    }
    const top = layers.length - 1;
    const t = tf.reshape(targets, [n, -1]);
    const sums: tf.Tensor[] = new Array(layers.length);
    const weightSquares = (k: number) => tf.square(layers[k].kernel.variable);
    const exact = form === 'exact';
    // ∂²E/∂x² and ∂E/∂x of the layer below the output, per example.
    let hx: tf.Tensor;
    let gx: tf.Tensor;
    if (loss === 'softmax-cross-entropy') {
      const p = tf.softmax(pre[top], -1);
      const ha = tf.sub(p, tf.square(p));
      sums[top] = tf.matMul(tf.square(inputs[top]), ha, true, false);
      const w = layers[top].kernel.variable;
      hx = tf.sub(tf.matMul(p, weightSquares(top), false, true), tf.square(tf.matMul(p, w, false, true)));
      gx = tf.matMul(tf.sub(p, t), w, false, true);
    } else {
      const units = layers[top].units;
      const { first, second } = derivatives(layers[top].activation, pre[top], out[top]);
      const gy = tf.mul(2 / units, tf.sub(out[top], t));
      let ha = tf.mul(2 / units, tf.square(first));
      if (exact && second) ha = tf.add(ha, tf.mul(second, gy));
      sums[top] = tf.matMul(tf.square(inputs[top]), ha, true, false);
      hx = tf.matMul(ha, weightSquares(top), false, true);
      gx = tf.matMul(tf.mul(first, gy), layers[top].kernel.variable, false, true);
    }
    for (let k = top - 1; k >= 0; k--) {
      const { first, second } = derivatives(layers[k].activation, pre[k], out[k]);
      let ha = tf.mul(tf.square(first), hx);
      if (exact && second) ha = tf.add(ha, tf.mul(second, gx));
      sums[k] = tf.matMul(tf.square(inputs[k]), ha, true, false);
      if (k > 0) {
        hx = tf.matMul(ha, weightSquares(k), false, true);
        gx = tf.matMul(tf.mul(first, gx), layers[k].kernel.variable, false, true);
      }
    }
    return sums;
  });
}

/** The Hessian diagonal of the mean loss over `count` examples delivered in chunks: one Float32Array per layer's kernel, row-major [inputs, units]. */
export function hessianDiagonal(
  layers: readonly DenseLayer[],
  chunks: Iterable<{ x: tf.Tensor; y: tf.Tensor }>,
  count: number,
  loss: LossKind,
  form: 'lm' | 'exact',
): Float32Array[] {
  const totals = layers.map((layer) => new Float64Array(layer.inputs * layer.units));
  for (const chunk of chunks) {
    const sums = hessianSums(layers, chunk.x, chunk.y, loss, form);
    sums.forEach((sum, k) => {
      const values = sum.dataSync();
      const total = totals[k];
      for (let i = 0; i < values.length; i++) total[i] += values[i];
    });
    tf.dispose(sums);
  }
  return totals.map((total) => Float32Array.from(total, (value) => value / count));
}
