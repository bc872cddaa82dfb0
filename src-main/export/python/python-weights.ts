import { exportNames } from '../layer-names';
import { inputShapeOf, orderedNodes, type ExportNetwork } from '../network';
import type { NpyArray } from './npz';

/** Names the scripts use for the preprocessing arrays; no node may take them. */
export const PREPROCESS_NAMES = ['preprocess', 'offset', 'scale'];

/**
 * The arrays of weights.npz: `<layer>.<weight>` in LayerLab's (Keras's) layout — dense kernel [in, units], conv
 * kernel HWIO — and, with preprocessing, `preprocess.offset` and `preprocess.scale` shaped as one input example.
 */
export function pythonWeights(network: ExportNetwork, names: Map<string, string>): Record<string, NpyArray> {
  const arrays: Record<string, NpyArray> = {};
  for (const node of orderedNodes(network)) {
    for (const [weight, values] of Object.entries(network.weights[node.id] ?? {})) arrays[`${names.get(node.id)}.${weight}`] = values;
  }
  if (network.preprocessing) {
    const shape = inputShapeOf(network);
    arrays['preprocess.offset'] = { shape, values: Float32Array.from(network.preprocessing.offset) };
    arrays['preprocess.scale'] = { shape, values: Float32Array.from(network.preprocessing.scale) };
  }
  return arrays;
}

/** Python's keywords and the names the scripts define themselves: a node id that is one gets a suffix. */
const PYTHON_RESERVED = [
  ...'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(' '),
  ...'x model weights array path np sys torch nn F keras layers inputs outputs self nchw nhwc avg_pool build load_weights LayerLabNet'.split(' '),
];

export function pythonNames(network: ExportNetwork): Map<string, string> {
  return exportNames(network, [...PREPROCESS_NAMES, ...PYTHON_RESERVED]);
}

/** A Python tuple literal. */
export const pyTuple = (values: readonly number[]) => (values.length === 1 ? `(${values[0]},)` : `(${values.join(', ')})`);

/** TensorFlow's 'same' padding along one axis as (before, after): the odd pixel goes at the end. */
export function samePadding(size: number, window: number, stride: number): [number, number] {
  const total = Math.max((Math.ceil(size / stride) - 1) * stride + window - size, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}
