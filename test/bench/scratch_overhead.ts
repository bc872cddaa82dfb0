import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';
const req = createRequire(import.meta.url);
setWasmPaths(path.dirname(req.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/');
await tf.setBackend('wasm');
await tf.ready();
console.log(tf.getBackend());
const a = tf.randomNormal([64, 10]);
const b = tf.randomNormal([64, 10]);
for (let rep = 0; rep < 3; rep++) {
  const N = 20000;
  let t0 = performance.now();
  for (let i = 0; i < N; i++) { const c = tf.add(a, b); c.dispose(); }
  let t1 = performance.now();
  console.log('add us/op', ((t1 - t0) / N * 1000).toFixed(2));
  t0 = performance.now();
  for (let i = 0; i < N / 10; i++) { tf.tidy(() => { let c = a; for (let j = 0; j < 10; j++) c = tf.mul(c, b); return c; }).dispose(); }
  t1 = performance.now();
  console.log('mul in tidy us/op', ((t1 - t0) / N * 1000).toFixed(2));
  const v = tf.variable(a);
  t0 = performance.now();
  for (let i = 0; i < N / 10; i++) {
    const { value, grads } = tf.variableGrads(() => { let c: tf.Tensor = v; for (let j = 0; j < 9; j++) c = tf.mul(c, b); return tf.sum(c) as tf.Scalar; });
    value.dispose(); Object.values(grads).forEach((g) => g.dispose());
  }
  t1 = performance.now();
  console.log('grad step (10 fwd ops + ~20 bwd) us/total-op', ((t1 - t0) / (N / 10) / 30 * 1000).toFixed(2));
}
