/**
 * Training building blocks with one tape node and fused kernels each, for the engine's fit loop.
 * tfjs runs its fused ops unfused while it records gradients (matmul, add, relu … each with a
 * tape node, saved-tensor clones and their own gradient ops); on a small network that dispatch
 * costs more than the arithmetic. These ops use tf.customGrad: one fused forward kernel, and a
 * gradient written out by hand. On the wasm backend they use LayerLab's kernels (relu gradient and
 * the SGD-momentum update in one pass each); on other backends the same math in plain tfjs ops.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  BIAS_ACT_GRAD, DROPOUT_MASK, MAXPOOL_BIAS_ACT_GRAD, RELU_GRAD, SGD_MOMENTUM, fillDropoutMask,
} from './kernels/training';

export type LayerActivation = 'relu' | 'linear';

function hasKernel(name: string): boolean {
  return tf.getKernel(name, tf.getBackend()) != null;
}

/** dy where y > 0, else 0. */
export function reluGrad(dy: tf.Tensor, y: tf.Tensor): tf.Tensor {
  if (hasKernel(RELU_GRAD)) return tf.engine().runKernel(RELU_GRAD, { dy, y }) as tf.Tensor;
  return tf.mul(dy, tf.step(y));
}

/**
 * Gradient through activation(z + bias), from the layer output y: [g, dBias] with g = act'(y) ⊙ dy
 * and dBias = Σ g over every axis but the last.
 */
export function biasActGrad(dy: tf.Tensor, y: tf.Tensor, activation: LayerActivation): [tf.Tensor, tf.Tensor] {
  if (hasKernel(BIAS_ACT_GRAD)) {
    return tf.engine().runKernel(BIAS_ACT_GRAD, { dy, y }, { activation }) as [tf.Tensor, tf.Tensor];
  }
  const g = activation === 'relu' ? reluGrad(dy, y) : dy;
  const axes = dy.shape.slice(0, -1).map((_, i) => i);
  return [g, tf.sum(g, axes)];
}

export interface Conv2dLayerOptions {
  strides?: number | [number, number];
  pad: 'same' | 'valid';
  activation: LayerActivation;
  /** False for a layer whose input is data: its gradient is not computed. */
  inputGrad: boolean;
  /** A 'valid' max pool after the activation (stride defaults to size), fused into the layer's gradient. */
  maxPool?: { size: number; stride?: number };
}

/** [maxPool](activation(conv2d(x, filter) + bias)), NHWC, with a hand-written gradient. */
export function conv2dLayer(x: tf.Tensor4D, filter: tf.Tensor4D, bias: tf.Tensor1D, opts: Conv2dLayerOptions): tf.Tensor4D {
  const strides = opts.strides ?? 1;
  const convAttrs = { strides, pad: opts.pad, dataFormat: 'NHWC', dimRoundingMode: undefined };
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xi, fi, bi, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    const y = tf.engine().runKernel('FusedConv2D', { x: xi, filter: fi, bias: bi }, {
      ...convAttrs, dilations: [1, 1], activation: opts.activation, leakyreluAlpha: 0.2,
    } as unknown as tf.NamedAttrMap) as tf.Tensor4D;
    const pool = opts.maxPool;
    const poolAttrs = pool == null ? null : {
      filterSize: [pool.size, pool.size], strides: [pool.stride ?? pool.size, pool.stride ?? pool.size], pad: 'valid',
      dimRoundingMode: undefined,
    };
    const out = poolAttrs == null ? y : (tf.engine().runKernel('MaxPool', { x: y }, poolAttrs as unknown as tf.NamedAttrMap) as tf.Tensor4D);
    save(poolAttrs == null ? [xi, fi, y] : [xi, fi, y, out]);
    return {
      value: out,
      gradFunc: (dy: tf.Tensor4D, saved: tf.Tensor[]) => {
        const [xs, fs, ys, pooled] = saved;
        let g: tf.Tensor;
        let dBias: tf.Tensor;
        if (poolAttrs == null) {
          [g, dBias] = biasActGrad(dy, ys, opts.activation);
        } else if (hasKernel(MAXPOOL_BIAS_ACT_GRAD)) {
          [g, dBias] = tf.engine().runKernel(MAXPOOL_BIAS_ACT_GRAD, { dy, y: ys }, {
            ...poolAttrs, activation: opts.activation,
          } as unknown as tf.NamedAttrMap) as [tf.Tensor, tf.Tensor];
        } else {
          const dPool = tf.engine().runKernel('MaxPoolGrad', { dy, input: ys, output: pooled },
            poolAttrs as unknown as tf.NamedAttrMap) as tf.Tensor;
          [g, dBias] = biasActGrad(dPool, ys, opts.activation);
        }
        const dFilter = tf.engine().runKernel('Conv2DBackpropFilter', { x: xs, dy: g }, {
          ...convAttrs, filterShape: fs.shape,
        } as unknown as tf.NamedAttrMap) as tf.Tensor;
        const dx = opts.inputGrad
          ? (tf.engine().runKernel('Conv2DBackpropInput', { dy: g, filter: fs }, {
              ...convAttrs, inputShape: xs.shape,
            } as unknown as tf.NamedAttrMap) as tf.Tensor)
          : tf.zerosLike(xs);
        return [dx, dFilter, dBias];
      },
    };
  });
  return op(x, filter, bias) as tf.Tensor4D;
}

export interface DenseLayerOptions {
  activation: LayerActivation;
  /** False for a layer whose input is data: its gradient is not computed. */
  inputGrad: boolean;
}

/** activation(x·w + bias) with a hand-written gradient. */
export function denseLayer(x: tf.Tensor2D, w: tf.Tensor2D, bias: tf.Tensor1D, opts: DenseLayerOptions): tf.Tensor2D {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xi, wi, bi, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
    const [batch, inDim] = xi.shape;
    const outDim = wi.shape[1];
    const y3 = tf.engine().runKernel(
      '_FusedMatMul',
      { a: tf.reshape(xi, [1, batch, inDim]), b: tf.reshape(wi, [1, inDim, outDim]), bias: bi },
      { transposeA: false, transposeB: false, activation: opts.activation, leakyreluAlpha: 0.2 },
    ) as tf.Tensor;
    const y = tf.reshape(y3, [batch, outDim]) as tf.Tensor2D;
    save([xi, wi, y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
        const [xs, ws, ys] = saved;
        const [g, db] = biasActGrad(dy, ys, opts.activation);
        const dw = tf.matMul(xs as tf.Tensor2D, g as tf.Tensor2D, true, false);
        const dx = opts.inputGrad ? tf.matMul(g as tf.Tensor2D, ws as tf.Tensor2D, false, true) : tf.zerosLike(xs);
        return [dx, dw, db];
      },
    };
  });
  return op(x, w, bias) as tf.Tensor2D;
}

/** Mean softmax cross-entropy of logits [batch, classes] against one-hot labels; gradient (softmax − labels)/batch. */
export function softmaxCrossEntropy(logits: tf.Tensor2D, oneHot: tf.Tensor2D): tf.Scalar {
  const batch = logits.shape[0];
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [z, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    const logp = tf.logSoftmax(z);
    const loss = tf.div(tf.neg(tf.sum(tf.mul(oneHot, logp))), batch) as tf.Scalar;
    // the labels are saved too: a tensor captured by the closure may be disposed before the backward pass
    save([tf.exp(logp), oneHot]);
    return {
      value: loss,
      gradFunc: (dy: tf.Scalar, saved: tf.Tensor[]) => tf.mul(tf.sub(saved[0], saved[1]), tf.div(dy, batch)),
    };
  });
  return op(logits) as tf.Scalar;
}

/** SGD with momentum over parameter/velocity pairs: v ← μv + g; w ← w − lr·v (one kernel each on wasm). */
export function sgdMomentumUpdate(
  params: readonly tf.Variable[], velocities: readonly tf.Variable[], grads: readonly tf.Tensor[], lr: number, momentum: number,
): void {
  tf.tidy(() => {
    const fused = hasKernel(SGD_MOMENTUM);
    const lrT = fused ? null : tf.scalar(lr);
    const muT = fused ? null : tf.scalar(momentum);
    params.forEach((w, i) => {
      const v = velocities[i];
      const g = grads[i];
      if (fused) {
        const [w2, v2] = tf.engine().runKernel(SGD_MOMENTUM, { w, v, g }, { lr, momentum }) as tf.Tensor[];
        v.assign(v2);
        w.assign(w2);
      } else {
        v.assign(tf.add(tf.mul(v, muT as tf.Scalar), g));
        w.assign(tf.sub(w, tf.mul(v, lrT as tf.Scalar)));
      }
    });
  });
}

/**
 * Inverted dropout with an explicit seed: x · mask, mask = 1/(1−rate) with probability 1−rate.
 * The mask is drawn by mulberry32(seed) — in the native/wasm kernel or in JS, the same numbers on
 * every backend — so a run reproduces from its seeds. Gradient: dy · mask (through the multiply).
 */
export function dropout(x: tf.Tensor, rate: number, seed: number): tf.Tensor {
  if (rate <= 0) return x;
  const keep = 1 - rate;
  let mask: tf.Tensor;
  if (hasKernel(DROPOUT_MASK)) {
    mask = tf.engine().runKernel(DROPOUT_MASK, {}, { shape: x.shape, keep, seed: seed >>> 0 }) as tf.Tensor;
  } else {
    const values = new Float32Array(x.size);
    fillDropoutMask(values, 0, x.size, keep, seed);
    mask = tf.tensor(values, x.shape);
  }
  return tf.mul(x, mask);
}
