import { spiralsSpec } from './cli-helpers';

/** A spirals MLP with dropout after each hidden layer and max-norm: small enough to train in seconds. */
export function spiralsDropoutTemplate() {
  const spec = spiralsSpec({
    name: 'spirals dropout mlp',
    nodes: [
      { id: 'in', kind: 'input', params: { shape: [2] } },
      { id: 'h1', kind: 'dense', params: { units: 32, activation: 'tanh' } },
      { id: 'd1', kind: 'dropout', params: { rate: 0.5 } },
      { id: 'h2', kind: 'dense', params: { units: 32, activation: 'tanh' } },
      { id: 'd2', kind: 'dropout', params: { rate: 0.5 } },
      { id: 'out', kind: 'dense', params: { units: 2, activation: 'softmax' } },
    ],
    edges: [
      { from: 'in', to: 'h1' },
      { from: 'h1', to: 'd1' },
      { from: 'd1', to: 'h2' },
      { from: 'h2', to: 'd2' },
      { from: 'd2', to: 'out' },
    ],
  });
  return {
    id: 'spirals-dropout',
    name: 'Spirals with dropout',
    description: 'test template',
    spec,
    config: { optimizer: { kind: 'adam' }, learningRate: 0.01, batchSize: 32, epochs: 3, maxNorm: { limit: 3 } },
    dataset: { name: 'spirals' },
  };
}

