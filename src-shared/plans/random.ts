import type { RandomDim, SettingOverride } from './types';

/** murmur3's 32-bit finaliser: spreads every input bit over the output. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * A uniform number in [0, 1) that depends only on (seed, trial, path): trial i of a random search keeps
 * its values when trials are added, and a dimension keeps its values when others are added or reordered.
 */
export function uniformAt(seed: number, trial: number, path: string): number {
  let h = fmix32((seed ^ 0x9e3779b9) >>> 0);
  h = fmix32((h ^ Math.imul(trial + 1, 0x27d4eb2d)) >>> 0);
  h = fmix32((h ^ fnv1a(path)) >>> 0);
  return h / 2 ** 32;
}

/** Four significant digits: a learning rate of 0.0123 reads (and keys) better than 0.012345678. */
const significant = (value: number): number => Number(value.toPrecision(4));

/** One dimension's value for a uniform draw u in [0, 1). */
export function sampleDim(dim: RandomDim, u: number): unknown {
  const min = dim.min ?? 0;
  const max = dim.max ?? 0;
  switch (dim.dist) {
    case 'uniform':
      return significant(min + u * (max - min));
    case 'log-uniform':
      return significant(Math.exp(Math.log(min) + u * (Math.log(max) - Math.log(min))));
    case 'int':
      return Math.min(Math.floor(max), Math.ceil(min) + Math.floor(u * (Math.floor(max) - Math.ceil(min) + 1)));
    case 'choice': {
      const values = dim.values ?? [];
      return values[Math.min(values.length - 1, Math.floor(u * values.length))];
    }
  }
}

/** Trial `trial`'s (0-based) settings: one value per dimension. */
export function trialOverrides(random: { seed: number; space: readonly RandomDim[] }, trial: number): SettingOverride[] {
  return random.space.map((dim) => ({ path: dim.path, value: sampleDim(dim, uniformAt(random.seed, trial, dim.path)) }));
}
