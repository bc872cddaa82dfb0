export const ACTIVATIONS = ['linear', 'relu', 'sigmoid', 'tanh', 'softmax'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

/**
 * FLOPs per element of an activation function. The counts are conventions, not measurements:
 * one op for relu/sigmoid/tanh, three for softmax (exp, sum, divide), none for linear.
 */
const FLOPS_PER_ELEMENT: Record<Activation, number> = { linear: 0, relu: 1, sigmoid: 1, tanh: 1, softmax: 3 };

export function activationFlops(fn: Activation, elements: number): number {
  return FLOPS_PER_ELEMENT[fn] * elements;
}
