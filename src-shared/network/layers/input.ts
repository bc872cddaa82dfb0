import type { LayerKindDef } from '../catalog-types';

export type InputParams = { shape: number[] };

export const inputLayer: LayerKindDef<InputParams> = {
  kind: 'input',
  label: 'Input',
  category: 'input',
  description: 'Where examples enter the network; its shape excludes the batch dimension.',
  params: [
    {
      name: 'shape',
      label: 'Shape',
      type: 'shape',
      default: [28, 28, 1],
      min: 1,
      help: 'Shape of one example: [features] for tabular data, [height, width, channels] for images.',
    },
  ],
  inputs: { min: 0, max: 0 },
  outputShape: (_inputs, params) => [...params.shape],
  weights: () => [],
  flops: () => 0,
};
