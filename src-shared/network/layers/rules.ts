import { LayerRuleError } from '../catalog-types';
import { formatShape } from '../shape';
import type { Shape } from '../types';

export type Padding = 'valid' | 'same';
export const PADDINGS = ['valid', 'same'] as const;

/** Dense layers take one axis of features; anything else needs a flatten first. */
export function requireFlat(kindLabel: string, input: Shape): number {
  if (input.length !== 1) {
    throw new LayerRuleError(`${kindLabel} needs a flat input (one axis) but gets ${formatShape(input)}; insert a flatten before it`);
  }
  return input[0];
}

/** Convolution and pooling take height×width×channels (NHWC without the batch). */
export function requireImage(kindLabel: string, input: Shape): [number, number, number] {
  if (input.length === 3) return [input[0], input[1], input[2]];
  throw new LayerRuleError(`${kindLabel} needs a height×width×channels input but gets ${formatShape(input)}; ${reshapeHint(input)}`);
}

function reshapeHint(input: Shape): string {
  if (input.length === 2) return `insert a reshape to ${input[0]}×${input[1]}×1 before it`;
  const side = Math.round(Math.sqrt(input[0]));
  if (input.length === 1 && side * side === input[0]) return `insert a reshape to ${side}×${side}×1 before it`;
  return 'insert a reshape to height×width×channels before it';
}

/** Output length along one spatial axis, as TensorFlow computes it. */
export function spatialOutputSize(inputSize: number, window: number, stride: number, padding: Padding): number {
  return padding === 'same' ? Math.ceil(inputSize / stride) : Math.floor((inputSize - window) / stride) + 1;
}

/** With 'valid' padding the window must fit inside the input. */
export function requireWindowFits(what: string, window: number, height: number, width: number, padding: Padding, param: string): void {
  if (padding === 'valid' && (window > height || window > width)) {
    throw new LayerRuleError(
      `${what} ${window} is larger than its ${height}x${width} input; use a smaller ${what} (≤ ${Math.min(height, width)}) or padding "same"`,
      param,
    );
  }
}
