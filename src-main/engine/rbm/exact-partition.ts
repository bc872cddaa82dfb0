import { softplus } from './ais';
import type { Rbm } from './rbm';

const MAX_ENUMERATED = 24;

/**
 * log Z of a small RBM exactly, in float64, by summing over every state of its binary layer (hidden when
 * it is binary and small enough, else visible): the check AIS is tested against. Conventions as
 * freeEnergy: a Gaussian hidden unit contributes x²/2 (its log √2π left out, in Z as in p*), a Gaussian
 * visible unit a²/2 + log √2π.
 */
export function exactLogPartition(rbm: Rbm): number {
  const W = rbm.weights.dataSync();
  const b = rbm.visibleBias.dataSync();
  const c = rbm.hiddenBias.dataSync();
  const V = rbm.visibleSize;
  const H = rbm.hiddenSize;
  const terms: number[] = [];
  if (rbm.hidden === 'binary' && H <= MAX_ENUMERATED) {
    for (let state = 0; state < 2 ** H; state++) {
      let term = 0;
      for (let j = 0; j < H; j++) if (state & (1 << j)) term += c[j];
      for (let i = 0; i < V; i++) {
        let a = b[i];
        for (let j = 0; j < H; j++) if (state & (1 << j)) a += W[i * H + j];
        term += rbm.visible === 'binary' ? softplus(a) : 0.5 * a * a + 0.5 * Math.log(2 * Math.PI);
      }
      terms.push(term);
    }
  } else if (rbm.visible === 'binary' && V <= MAX_ENUMERATED) {
    for (let state = 0; state < 2 ** V; state++) {
      let term = 0;
      for (let i = 0; i < V; i++) if (state & (1 << i)) term += b[i];
      for (let j = 0; j < H; j++) {
        let x = c[j];
        for (let i = 0; i < V; i++) if (state & (1 << i)) x += W[i * H + j];
        term += rbm.hidden === 'binary' ? softplus(x) : 0.5 * x * x;
      }
      terms.push(term);
    }
  } else {
    throw new Error(`exactLogPartition: ${V} visible and ${H} hidden units; enumerating needs a binary layer of at most ${MAX_ENUMERATED} units`);
  }
  const max = terms.reduce((a, b) => Math.max(a, b), -Infinity);
  return max + Math.log(terms.reduce((sum, t) => sum + Math.exp(t - max), 0));
}
