import type { InitConfig } from '../../src-shared/config/schema';
import type { WeightDef } from '../../src-shared/network/catalog-types';
import type { Rng } from './rng';

/**
 * Initial values of one weight. Biases start at zero; kernels follow the config:
 * normal N(0, σ); Glorot uniform U(±√(6/(fanIn+fanOut))); He normal N(0, √(2/fanIn)).
 */
export function initialValues(weight: WeightDef, init: InitConfig, rng: Rng): Float32Array {
  const values = new Float32Array(weight.shape.reduce((a, b) => a * b, 1));
  if (weight.role === 'bias') return values;
  switch (init.kind) {
    case 'normal':
      for (let i = 0; i < values.length; i++) values[i] = init.sigma * rng.normal();
      break;
    case 'glorot': {
      const limit = Math.sqrt(6 / (weight.fanIn + weight.fanOut));
      for (let i = 0; i < values.length; i++) values[i] = limit * (2 * rng.uniform() - 1);
      break;
    }
    case 'he': {
      const sd = Math.sqrt(2 / weight.fanIn);
      for (let i = 0; i < values.length; i++) values[i] = sd * rng.normal();
      break;
    }
  }
  return values;
}
