import { LayerRuleError, type LayerKindDef } from '../catalog-types';
import { formatShape, shapeSize } from '../shape';
import type { Shape } from '../types';

export type ReshapeParams = { targetShape: number[] };

function formatTarget(target: number[]): string {
  return target.map((dim) => (dim === -1 ? '?' : String(dim))).join('×');
}

function reshaped(input: Shape, target: number[]): Shape {
  const size = shapeSize(input);
  const inferredAt = target.indexOf(-1);
  if (inferredAt < 0) {
    if (shapeSize(target) !== size) {
      throw new LayerRuleError(
        `cannot reshape ${formatShape(input)} (${size} values) to ${formatShape(target)} (${shapeSize(target)} values); the sizes must match`,
        'targetShape',
      );
    }
    return [...target];
  }
  const known = shapeSize(target.filter((dim) => dim !== -1));
  if (size % known !== 0) {
    throw new LayerRuleError(
      `cannot reshape ${formatShape(input)} (${size} values) to ${formatTarget(target)}: ${size} is not a multiple of ${known}`,
      'targetShape',
    );
  }
  return target.map((dim) => (dim === -1 ? size / known : dim));
}

export const reshapeLayer: LayerKindDef<ReshapeParams> = {
  kind: 'reshape',
  label: 'Reshape',
  category: 'shape',
  description: 'Rearranges the values of an example into a new shape with the same number of values.',
  params: [
    {
      name: 'targetShape',
      label: 'Target shape',
      type: 'shape',
      default: [-1],
      min: 1,
      allowInferredDim: true,
      help: 'New shape without the batch dimension, e.g. [28, 28, 1]; one entry may be -1 to infer it.',
    },
  ],
  inputs: { min: 1, max: 1 },
  outputShape: ([input], params) => reshaped(input, params.targetShape),
  weights: () => [],
  flops: () => 0,
};
