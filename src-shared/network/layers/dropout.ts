import type { LayerKindDef } from '../catalog-types';

export type DropoutParams = { rate: number };

export const dropoutLayer: LayerKindDef<DropoutParams> = {
  kind: 'dropout',
  label: 'Dropout',
  category: 'regularization',
  description: 'While training, zeroes each value with probability `rate` and scales the rest by 1/(1 − rate); does nothing at test time.',
  params: [
    {
      name: 'rate',
      label: 'Drop rate',
      type: 'float',
      default: 0.5,
      min: 0,
      max: 1,
      exclusiveMax: true,
      help: 'Probability of DROPPING a value (papers often quote the retain probability p = 1 − rate): 0.5 for hidden layers, 0.2 for inputs.',
    },
  ],
  inputs: { min: 1, max: 1 },
  outputShape: ([input]) => [...input],
  weights: () => [],
  flops: () => 0,
};
