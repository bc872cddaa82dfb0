import { describe, expect, it } from 'vitest';
import { parseTrainConfig } from '../../../src-shared/config/validate';
import { validateSpec } from '../../../src-shared/network';
import { estimateTrainingBytes, memoryProblems } from '../../../src-main/services/run-memory';

const mlp = (units: number) =>
  validateSpec({
    format: 1,
    name: 'mlp',
    nodes: [
      { id: 'in', kind: 'input', params: { shape: [784] } },
      { id: 'h1', kind: 'dense', params: { units } },
      { id: 'out', kind: 'dense', params: { units: 10, activation: 'softmax' } },
    ],
    edges: [
      { from: 'in', to: 'h1' },
      { from: 'h1', to: 'out' },
    ],
  }).analysis;

describe('the memory a run would need, checked before it is queued', () => {
  it('counts weights, gradients and optimizer slots per parameter, and a batch of activations', () => {
    const analysis = mlp(100);
    const sgd = parseTrainConfig({ batchSize: 10 });
    const adam = parseTrainConfig({ batchSize: 10, optimizer: { kind: 'adam' } });
    const params = 784 * 100 + 100 + 100 * 10 + 10;
    const activations = 2 * 10 * (784 + 100 + 10);
    expect(estimateTrainingBytes(analysis, sgd)).toBe(4 * (params * 3 + activations));
    expect(estimateTrainingBytes(analysis, adam)).toBe(4 * (params * 4 + activations));
  });

  it('passes the classic MLP and refuses a network beyond the budget, naming its largest node', () => {
    const config = parseTrainConfig({});
    expect(memoryProblems(mlp(800), config, 4 * 2 ** 30)).toEqual([]);
    const [problem] = memoryProblems(mlp(200_000), config, 2 ** 30);
    expect(problem).toContain('node "h1" (157,000,000 parameters');
    expect(problem).toMatch(/would need about [\d.]+ GiB/);
    expect(problem).toContain('more than the 1.0 GiB a trainer can have here');
  });
});
