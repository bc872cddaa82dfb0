import type { LayerKindDef, WeightDef } from '../catalog-types';
import { ACTIVATIONS, activationFlops, type Activation } from './activations';
import { requireFlat } from './rules';

export type DenseParams = { units: number; activation: Activation; useBias: boolean };

export const denseLayer: LayerKindDef<DenseParams> = {
  kind: 'dense',
  label: 'Dense',
  category: 'core',
  description: 'Fully connected layer: every output unit sees every input feature.',
  params: [
    { name: 'units', label: 'Units', type: 'int', default: 128, min: 1, help: 'Number of output units.' },
    { name: 'activation', label: 'Activation', type: 'enum', default: 'linear', options: ACTIVATIONS, help: 'Applied to each unit after the weighted sum.' },
    { name: 'useBias', label: 'Bias', type: 'bool', default: true, help: 'Add a learned bias to each unit.' },
  ],
  inputs: { min: 1, max: 1 },
  outputShape([input], params) {
    requireFlat('dense', input);
    return [params.units];
  },
  weights([input], { units, useBias }) {
    const fanIn = requireFlat('dense', input);
    const kernel: WeightDef = { name: 'kernel', shape: [fanIn, units], role: 'kernel', fanIn, fanOut: units };
    return useBias ? [kernel, { name: 'bias', shape: [units], role: 'bias', fanIn, fanOut: units }] : [kernel];
  },
  flops([input], { units, activation, useBias }) {
    const fanIn = requireFlat('dense', input);
    return 2 * fanIn * units + (useBias ? units : 0) + activationFlops(activation, units);
  },
};
