import type { LayerKindDef, WeightDef } from '../catalog-types';
import type { Shape } from '../types';
import { ACTIVATIONS, activationFlops, type Activation } from './activations';
import { PADDINGS, requireImage, requireWindowFits, spatialOutputSize, type Padding } from './rules';

export type Conv2dParams = {
  filters: number;
  kernelSize: number;
  stride: number;
  padding: Padding;
  activation: Activation;
  useBias: boolean;
};

function outputOf(input: Shape, { filters, kernelSize, stride, padding }: Conv2dParams): [number, number, number] {
  const [height, width] = requireImage('conv2d', input);
  requireWindowFits('kernel', kernelSize, height, width, padding, 'kernelSize');
  return [spatialOutputSize(height, kernelSize, stride, padding), spatialOutputSize(width, kernelSize, stride, padding), filters];
}

export const conv2dLayer: LayerKindDef<Conv2dParams> = {
  kind: 'conv2d',
  label: 'Conv 2D',
  category: 'convolution',
  description: 'Square filters slid over height and width; one output channel per filter.',
  params: [
    { name: 'filters', label: 'Filters', type: 'int', default: 32, min: 1, help: 'Number of filters, i.e. output channels.' },
    { name: 'kernelSize', label: 'Kernel', type: 'int', default: 3, min: 1, help: 'Height and width of each filter.' },
    { name: 'stride', label: 'Stride', type: 'int', default: 1, min: 1, help: 'Step between filter positions.' },
    { name: 'padding', label: 'Padding', type: 'enum', default: 'valid', options: PADDINGS, help: '"valid": no padding; "same": pad so that output = ceil(input / stride).' },
    { name: 'activation', label: 'Activation', type: 'enum', default: 'linear', options: ACTIVATIONS, help: 'Applied to each output value.' },
    { name: 'useBias', label: 'Bias', type: 'bool', default: true, help: 'Add a learned bias per filter.' },
  ],
  inputs: { min: 1, max: 1 },
  outputShape: ([input], params) => outputOf(input, params),
  weights([input], params) {
    const { filters, kernelSize: k, useBias } = params;
    const channels = requireImage('conv2d', input)[2];
    const fanIn = k * k * channels;
    const fanOut = k * k * filters;
    const kernel: WeightDef = { name: 'kernel', shape: [k, k, channels, filters], role: 'kernel', fanIn, fanOut };
    return useBias ? [kernel, { name: 'bias', shape: [filters], role: 'bias', fanIn, fanOut }] : [kernel];
  },
  flops([input], params) {
    const [outHeight, outWidth] = outputOf(input, params);
    const channels = input[2];
    const outputs = outHeight * outWidth * params.filters;
    const { kernelSize: k, useBias, activation } = params;
    return outputs * 2 * k * k * channels + (useBias ? outputs : 0) + activationFlops(activation, outputs);
  },
};
