/** A small tanh MLP for the two-spirals set: trains an epoch in a second or two. */
export const spiralsNet = {
  format: 1,
  name: 'spirals-small',
  nodes: [
    { id: 'input', kind: 'input', params: { shape: [2] } },
    { id: 'fc1', kind: 'dense', params: { units: 16, activation: 'tanh' } },
    { id: 'out', kind: 'dense', params: { units: 2, activation: 'softmax' } },
  ],
  edges: [
    { from: 'input', to: 'fc1' },
    { from: 'fc1', to: 'out' },
  ],
};
