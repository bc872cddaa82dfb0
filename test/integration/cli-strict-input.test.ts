import { describe, expect, it } from 'vitest';
import { runCli, spiralsSpec, tempDir, writeJson } from './cli-helpers';
import type { ModelSpec } from '../../src-shared/network/types';

/** A chain input → dense × n → out, each hidden layer `units` wide. */
function chain(length: number): ModelSpec {
  const nodes: ModelSpec['nodes'] = [{ id: 'in', kind: 'input', params: { shape: [2] } }];
  const edges: ModelSpec['edges'] = [];
  for (let i = 1; i <= length; i++) {
    nodes.push({ id: `d${i}`, kind: 'dropout', params: { rate: 0 } });
    edges.push({ from: i === 1 ? 'in' : `d${i - 1}`, to: `d${i}` });
  }
  return { format: 1, name: 'long', nodes, edges };
}

function expectBadInput(result: { code: number | null; stderr: string }): void {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe('specs and configs that cannot train are refused before training, naming what is wrong', () => {
  const dir = tempDir();
  const run = (file: string, ...flags: string[]) => runCli(['run', file, '--dataset', 'spirals', '--epochs', '1', '--data-dir', `${dir}/data`, ...flags]);

  it('a misspelled config field names it and the field it was meant to be', async () => {
    const config = writeJson(dir, 'config.json', { learningRat: 0.1, epochs: 1 });
    const result = await runCli(['run', writeJson(dir, 'spec.json', spiralsSpec()), '--config', config, '--dataset', 'spirals', '--data-dir', `${dir}/data`]);
    expectBadInput(result);
    expect(result.stderr).toContain('unknown field "learningRat"; did you mean "learningRate"?');
  });

  it('misspelled fields inside the config (optimizer, schedule) and in a template file', async () => {
    const template = writeJson(dir, 'template.json', {
      spec: spiralsSpec(),
      config: { optimizer: { kind: 'sgd', momentun: 0.5 }, schedule: { kind: 'exponential', factr: 0.9 } },
      dataset: { name: 'spirals' },
      confg: {},
    });
    const result = await run(template);
    expectBadInput(result);
    expect(result.stderr).toContain('unknown field "confg"; did you mean "config"?');
    const fixed = writeJson(dir, 'template2.json', { spec: spiralsSpec(), config: { optimizer: { kind: 'sgd', momentun: 0.5 }, schedule: { kind: 'exponential', factr: 0.9 } }, dataset: { name: 'spirals' } });
    const nested = await run(fixed);
    expectBadInput(nested);
    expect(nested.stderr).toContain('config.optimizer: unknown field "momentun"; did you mean "momentum"?');
    expect(nested.stderr).toContain('config.schedule: unknown field "factr"; did you mean "factor"?');
  });

  it('"config": [1] in a template is an error, not the defaults', async () => {
    const result = await run(writeJson(dir, 'array-config.json', { spec: spiralsSpec(), config: [1], dataset: { name: 'spirals' } }));
    expectBadInput(result);
    expect(result.stderr).toContain('config: expected an object of training settings');
  });

  it('units: 1e9 is refused before any trainer starts, naming the node, its parameters and the memory', async () => {
    const spec = spiralsSpec();
    spec.nodes[1].params = { units: 1e9, activation: 'relu' };
    const result = await run(writeJson(dir, 'huge.json', spec));
    expectBadInput(result);
    expect(result.stderr).toMatch(/node "h1": its kernel \[2, 1000000000\] alone has 2,000,000,000 parameters \(7\.5 GiB\)/);
    expect(result.stderr).not.toContain('trainer process');
  });

  it('a 400,000-node spec is refused by the node cap', async () => {
    const result = await run(writeJson(dir, 'long.json', chain(400_000)));
    expectBadInput(result);
    expect(result.stderr).toContain('400001 nodes, more than the 10000 a network may have');
  }, 60_000);
});
