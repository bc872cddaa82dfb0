import type { ModelSpec } from '../../../src-shared/network/types';

type NodeInput = { id: string; kind: string; params?: Record<string, unknown> };

function graph(name: string, nodes: NodeInput[], edges: [string, string][]): ModelSpec {
  return { format: 1, name, nodes: nodes.map((node) => ({ params: {}, ...node })), edges: edges.map(([from, to]) => ({ from, to })) };
}

function chain(name: string, nodes: NodeInput[]): ModelSpec {
  return graph(name, nodes, nodes.slice(1).map((node, i) => [nodes[i].id, node.id]));
}

/** An MLP with a dropout layer and a softmax activation node. */
export const mlpSpec = chain('mlp', [
  { id: 'in', kind: 'input', params: { shape: [2] } },
  { id: 'h1', kind: 'dense', params: { units: 8, activation: 'tanh' } },
  { id: 'drop', kind: 'dropout', params: { rate: 0.5 } },
  { id: 'h2', kind: 'dense', params: { units: 8, activation: 'relu' } },
  { id: 'out', kind: 'dense', params: { units: 3, activation: 'linear' } },
  { id: 'softmax', kind: 'activation', params: { fn: 'softmax' } },
]);

/** A linear autoencoder as PCA fills it. */
export const autoencoderSpec = chain('autoencoder', [
  { id: 'input', kind: 'input', params: { shape: [4, 4, 1] } },
  { id: 'flatten', kind: 'flatten' },
  { id: 'code', kind: 'dense', params: { units: 3, activation: 'linear' } },
  { id: 'decoder', kind: 'dense', params: { units: 16, activation: 'linear' } },
]);

/**
 * Every layer kind, on a branching graph: strided 'same' convolution, overlapping and 'same' pools (the padded
 * window of a 'same' average pool counts only real values), concatenation along channels and along height,
 * a convolution without bias, reshape with -1, node ids that Python and TensorFlow refuse as names.
 */
export const everyKindSpec = graph(
  'every kind',
  [
    { id: 'in', kind: 'input', params: { shape: [8, 8, 2] } },
    { id: 'c1', kind: 'conv2d', params: { filters: 3, kernelSize: 3, stride: 2, padding: 'same', activation: 'relu' } },
    { id: 'p1', kind: 'maxpool2d', params: { poolSize: 2, stride: 1, padding: 'same' } },
    { id: 'a1', kind: 'avgpool2d', params: { poolSize: 2, padding: 'valid' } },
    { id: 't1', kind: 'activation', params: { fn: 'tanh' } },
    { id: 'cat-1', kind: 'concatenate', params: { axis: -1 } },
    { id: 'd1', kind: 'dropout', params: { rate: 0.3 } },
    { id: 'cat2', kind: 'concatenate', params: { axis: 0 } },
    { id: 'a2', kind: 'avgpool2d', params: { poolSize: 3, stride: 2, padding: 'same' } },
    { id: 'c2', kind: 'conv2d', params: { filters: 4, kernelSize: 3, stride: 1, padding: 'same', activation: 'sigmoid', useBias: false } },
    { id: 'f1', kind: 'flatten' },
    { id: 'r1', kind: 'reshape', params: { targetShape: [-1, 4, 1] } },
    { id: 'm2', kind: 'maxpool2d', params: { poolSize: 2, padding: 'valid' } },
    { id: 'f2', kind: 'flatten' },
    { id: '_d2', kind: 'dense', params: { units: 5, activation: 'relu' } },
    { id: 'out', kind: 'dense', params: { units: 3, activation: 'softmax' } },
  ],
  [
    ['in', 'c1'], ['c1', 'p1'], ['in', 'a1'], ['a1', 't1'], ['p1', 'cat-1'], ['t1', 'cat-1'], ['cat-1', 'd1'],
    ['cat-1', 'cat2'], ['d1', 'cat2'], ['cat2', 'a2'], ['a2', 'c2'], ['c2', 'f1'], ['f1', 'r1'], ['r1', 'm2'],
    ['m2', 'f2'], ['f2', '_d2'], ['_d2', 'out'],
  ],
);
