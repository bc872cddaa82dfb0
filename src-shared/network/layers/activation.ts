import type { LayerKindDef } from '../catalog-types';
import { shapeSize } from '../shape';
import { ACTIVATIONS, activationFlops, type Activation } from './activations';

export type ActivationParams = { fn: Activation };

export const activationLayer: LayerKindDef<ActivationParams> = {
  kind: 'activation',
  label: 'Activation',
  category: 'activation',
  description: 'Applies a function to every value; softmax normalises over the last axis.',
  params: [{ name: 'fn', label: 'Function', type: 'enum', default: 'relu', options: ACTIVATIONS, help: 'The function to apply.' }],
  inputs: { min: 1, max: 1 },
  outputShape: ([input]) => [...input],
  weights: () => [],
  flops: ([input], { fn }) => activationFlops(fn, shapeSize(input)),
};
