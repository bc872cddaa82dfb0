import type { LayerKindDef } from '../catalog-types';
import { shapeSize } from '../shape';

export type FlattenParams = Record<string, never>;

export const flattenLayer: LayerKindDef<FlattenParams> = {
  kind: 'flatten',
  label: 'Flatten',
  category: 'shape',
  description: 'Lays all axes of an example out in one, e.g. 28×28×1 → 784, so a dense layer can take it.',
  params: [],
  inputs: { min: 1, max: 1 },
  outputShape: ([input]) => [shapeSize(input)],
  weights: () => [],
  flops: () => 0,
};
