/**
 * The two benchmark models, written the way LayerLab's engine trains: tfjs-core ops only,
 * parameters as tf.Variable, tf.variableGrads(loss), then an SGD-momentum update with tf ops
 * inside tf.tidy. Two flavours of the same math:
 *   'layerlab' — the engine's training ops (src-main/engine/backend/train-ops.ts): one tape node and
 *                fused kernels per layer, fused loss and optimizer update;
 *   'plain'    — stock tfjs ops only (matMul, add, relu, conv2d, logSoftmax …), the reference.
 *
 *   mlp   784-1024-1024-10, ReLU, dropout 0.5, batch 100
 *   lenet conv5x5x6 'same' → maxpool2 → conv5x5x16 'valid' → maxpool2 → fc120 → fc84 → fc10, 28×28×1, batch 64
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  conv2dLayer, denseLayer, dropout as seededDropout, sgdMomentumUpdate, softmaxCrossEntropy as fusedSoftmaxCrossEntropy,
} from '../../src-main/engine/backend';
import { createRng } from '../../src-main/engine/rng';

export type ModelName = 'mlp' | 'lenet';
export type OpsFlavour = 'layerlab' | 'plain';

export interface BenchModel {
  name: ModelName;
  batch: number;
  /** Forward + backward FLOPs per step, counted as 3 × forward (multiply-add = 2). */
  flopsPerStep: number;
  params: tf.Variable[];
  /** Logits for a batch; `training` turns dropout on. */
  forward(x: tf.Tensor, training: boolean): tf.Tensor2D;
  inputShape: number[];
  ops: OpsFlavour;
}

function glorot(shape: number[], fanIn: number, fanOut: number, rng: () => number, name: string): tf.Variable {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < values.length; i++) values[i] = (rng() * 2 - 1) * limit;
  return tf.variable(tf.tensor(values, shape), true, name);
}

function zeros(shape: number[], name: string): tf.Variable {
  return tf.variable(tf.zeros(shape), true, name);
}

/** Inverted dropout; the mask's seed comes from the explicit PRNG, so runs reproduce. */
export function dropout(x: tf.Tensor, rate: number, rng: () => number): tf.Tensor {
  return seededDropout(x, rate, Math.floor(rng() * 4294967296));
}

/**
 * Dense layer. Plain flavour: a layer whose input needs no gradient (the first one) uses separate
 * ops, so the tape skips dL/dx; others use tf.fused.matMul.
 */
function dense(ops: OpsFlavour, x: tf.Tensor2D, w: tf.Variable, b: tf.Variable, activation: 'relu' | 'linear', first: boolean): tf.Tensor2D {
  if (ops === 'layerlab') return denseLayer(x, w as tf.Tensor2D, b as tf.Tensor1D, { activation, inputGrad: !first });
  if (first) {
    const z = tf.add(tf.matMul(x, w as tf.Tensor2D), b) as tf.Tensor2D;
    return activation === 'relu' ? tf.relu(z) : z;
  }
  return tf.fused.matMul({ a: x, b: w as tf.Tensor2D, bias: b, activation }) as tf.Tensor2D;
}

/** `batch` overrides the benchmark batch size (100 for mlp, 64 for lenet), e.g. for quick tests. */
export function createModel(name: ModelName, seed = 1, batchSize?: number, ops: OpsFlavour = 'layerlab'): BenchModel {
  const rng = createRng(seed).uniform;
  const dropRng = createRng(seed + 1000).uniform;
  if (name === 'mlp') {
    const w1 = glorot([784, 1024], 784, 1024, rng, 'w1');
    const b1 = zeros([1024], 'b1');
    const w2 = glorot([1024, 1024], 1024, 1024, rng, 'w2');
    const b2 = zeros([1024], 'b2');
    const w3 = glorot([1024, 10], 1024, 10, rng, 'w3');
    const b3 = zeros([10], 'b3');
    const batch = batchSize ?? 100;
    const macs = batch * (784 * 1024 + 1024 * 1024 + 1024 * 10);
    return {
      name, batch, flopsPerStep: 3 * 2 * macs, params: [w1, b1, w2, b2, w3, b3], inputShape: [batch, 784], ops,
      forward(x, training) {
        let h = dense(ops, x as tf.Tensor2D, w1, b1, 'relu', true);
        if (training) h = dropout(h, 0.5, dropRng) as tf.Tensor2D;
        h = dense(ops, h, w2, b2, 'relu', false);
        if (training) h = dropout(h, 0.5, dropRng) as tf.Tensor2D;
        return dense(ops, h, w3, b3, 'linear', false);
      },
    };
  }
  const c1 = glorot([5, 5, 1, 6], 25, 150, rng, 'c1');
  const cb1 = zeros([6], 'cb1');
  const c2 = glorot([5, 5, 6, 16], 150, 400, rng, 'c2');
  const cb2 = zeros([16], 'cb2');
  const f1 = glorot([400, 120], 400, 120, rng, 'f1');
  const fb1 = zeros([120], 'fb1');
  const f2 = glorot([120, 84], 120, 84, rng, 'f2');
  const fb2 = zeros([84], 'fb2');
  const f3 = glorot([84, 10], 84, 10, rng, 'f3');
  const fb3 = zeros([10], 'fb3');
  const batch = batchSize ?? 64;
  const macs = batch * (28 * 28 * 6 * 25 + 10 * 10 * 16 * 150 + 400 * 120 + 120 * 84 + 84 * 10);
  return {
    name, batch, flopsPerStep: 3 * 2 * macs, params: [c1, cb1, c2, cb2, f1, fb1, f2, fb2, f3, fb3],
    inputShape: [batch, 28, 28, 1], ops,
    forward(x) {
      let h: tf.Tensor4D;
      if (ops === 'layerlab') {
        const maxPool = { size: 2 };
        h = conv2dLayer(x as tf.Tensor4D, c1 as tf.Tensor4D, cb1 as tf.Tensor1D, { pad: 'same', activation: 'relu', inputGrad: false, maxPool });
        h = conv2dLayer(h, c2 as tf.Tensor4D, cb2 as tf.Tensor1D, { pad: 'valid', activation: 'relu', inputGrad: true, maxPool });
      } else {
        // conv1's input needs no gradient: plain conv2d lets the tape skip dL/dx
        h = tf.relu(tf.add(tf.conv2d(x as tf.Tensor4D, c1 as tf.Tensor4D, 1, 'same'), cb1)) as tf.Tensor4D;
        h = tf.maxPool(h, 2, 2, 'valid');
        h = tf.fused.conv2d({ x: h, filter: c2 as tf.Tensor4D, strides: 1, pad: 'valid', bias: cb2, activation: 'relu' });
        h = tf.maxPool(h, 2, 2, 'valid');
      }
      let z = tf.reshape(h, [batch, 400]) as tf.Tensor2D;
      z = dense(ops, z, f1, fb1, 'relu', false);
      z = dense(ops, z, f2, fb2, 'relu', false);
      return dense(ops, z, f3, fb3, 'linear', false);
    },
  };
}

/** Mean softmax cross-entropy of logits against one-hot labels. */
export function softmaxCrossEntropy(ops: OpsFlavour, logits: tf.Tensor2D, oneHot: tf.Tensor2D): tf.Scalar {
  if (ops === 'layerlab') return fusedSoftmaxCrossEntropy(logits, oneHot);
  return tf.neg(tf.mean(tf.sum(tf.mul(oneHot, tf.logSoftmax(logits)), -1))) as tf.Scalar;
}

export interface SgdMomentum {
  step(model: BenchModel, x: tf.Tensor, oneHot: tf.Tensor2D): number;
  dispose(): void;
}

/** SGD with momentum: v ← μv + g; w ← w − lr·v. */
export function sgdMomentum(model: BenchModel, lr = 0.01, momentum = 0.9): SgdMomentum {
  const velocity = model.params.map((p) => tf.variable(tf.zerosLike(p), false, `${p.name}/v`));
  const lrT = tf.scalar(lr);
  const muT = tf.scalar(momentum);
  return {
    step(m, x, oneHot) {
      const { value, grads } = tf.variableGrads(
        () => softmaxCrossEntropy(m.ops, m.forward(x, true), oneHot),
        m.params,
      );
      if (m.ops === 'layerlab') {
        sgdMomentumUpdate(m.params, velocity, m.params.map((p) => grads[p.name]), lr, momentum);
      } else {
        tf.tidy(() => {
          m.params.forEach((p, i) => {
            const v = velocity[i];
            v.assign(tf.add(tf.mul(v, muT), grads[p.name]));
            p.assign(tf.sub(p, tf.mul(v, lrT)));
          });
        });
      }
      const loss = value.dataSync()[0];
      value.dispose();
      tf.dispose(grads);
      return loss;
    },
    dispose() {
      tf.dispose([...velocity, lrT, muT]);
    },
  };
}

/** A fixed random batch (inputs in [0, 1), labels 0..9) from the explicit PRNG. */
export function randomBatch(model: BenchModel, seed = 7): { x: tf.Tensor; oneHot: tf.Tensor2D } {
  const rng = createRng(seed).uniform;
  const size = model.inputShape.reduce((a, b) => a * b, 1);
  const xs = new Float32Array(size);
  for (let i = 0; i < size; i++) xs[i] = rng();
  const labels = new Int32Array(model.batch);
  for (let i = 0; i < model.batch; i++) labels[i] = Math.floor(rng() * 10);
  return {
    x: tf.tensor(xs, model.inputShape),
    oneHot: tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), 10), 'float32')) as tf.Tensor2D,
  };
}
