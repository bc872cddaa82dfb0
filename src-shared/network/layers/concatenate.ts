import { LayerRuleError, type LayerKindDef } from '../catalog-types';
import { formatShape } from '../shape';
import type { Shape } from '../types';

export type ConcatenateParams = { axis: number };

function concatenated(inputs: Shape[], axis: number): Shape {
  const first = inputs[0];
  const rank = first.length;
  if (axis < -rank || axis >= rank) {
    throw new LayerRuleError(`axis ${axis} does not exist in a ${formatShape(first)} input; use -${rank} to ${rank - 1}`, 'axis');
  }
  const at = axis < 0 ? axis + rank : axis;
  let joined = 0;
  inputs.forEach((shape, i) => {
    const agrees = shape.length === rank && shape.every((dim, d) => d === at || dim === first[d]);
    if (!agrees) {
      throw new LayerRuleError(
        `input ${i + 1} is ${formatShape(shape)} but input 1 is ${formatShape(first)}; they must agree on every axis except axis ${axis}`,
      );
    }
    joined += shape[at];
  });
  return first.map((dim, d) => (d === at ? joined : dim));
}

export const concatenateLayer: LayerKindDef<ConcatenateParams> = {
  kind: 'concatenate',
  label: 'Concatenate',
  category: 'merge',
  description: 'Joins two or more inputs along one axis; the other axes must agree.',
  params: [
    {
      name: 'axis',
      label: 'Axis',
      type: 'int',
      default: -1,
      help: 'Axis of the example shape (batch excluded) to join along; -1 is the last (channels or features).',
    },
  ],
  inputs: { min: 2, max: Number.POSITIVE_INFINITY },
  outputShape: (inputs, params) => concatenated(inputs, params.axis),
  weights: () => [],
  flops: () => 0,
};
