import { describe, expect, it } from 'vitest';
import { settingRows } from '../../../../src-renderer/compare/setting-rows';
import { nameOfPath } from '../../../../src-renderer/plans/settings';

describe("Compare's settings that differ (issue 18, item 5)", () => {
  it('names settings as people do, from the one naming source the plans use', () => {
    expect(nameOfPath('config.learningRate')).toBe('Learning rate');
    expect(nameOfPath('config.seed')).toBe('Seed');
    expect(nameOfPath('config.maxNorm')).toBe('Max-norm');
    expect(nameOfPath('dataset.trainLimit')).toBe('Train subset');
    expect(nameOfPath('spec.totalFlops')).toBe('FLOPs per example');
    expect(nameOfPath('node.fc1.units')).toBe('Units of fc1');
    expect(nameOfPath('node.fc1.kind')).toBe('Layer kind of fc1');
  });

  it('shows max-norm off against a limit as one row, off against "limit 3, measure norm"', () => {
    const rows = settingRows([
      { path: 'config.maxNorm', values: ['null', '—'] },
      { path: 'config.maxNorm.limit', values: ['—', '3'] },
      { path: 'config.maxNorm.measure', values: ['—', '"norm"'] },
      { path: 'config.seed', values: ['1', '2'] },
    ]);
    expect(rows).toEqual([
      { path: 'config.maxNorm', name: 'Max-norm', values: ['off', 'limit 3, measure norm'] },
      { path: 'config.seed', name: 'Seed', values: ['1', '2'] },
    ]);
  });

  it('reads JSON values: strings bare, booleans on/off, a setting a run lacks as —', () => {
    const rows = settingRows([
      { path: 'config.optimizer.kind', values: ['"sgd"', '"adam"'] },
      { path: 'config.fusedOps', values: ['true', 'false'] },
      { path: 'config.optimizer.momentum', values: ['0.9', '—'] },
      { path: 'config.maxNorm.limit', values: ['3', '4'] },
    ]);
    expect(rows.map((row) => [row.name, ...row.values])).toEqual([
      ['Optimizer', 'sgd', 'adam'],
      ['Fused ops', 'on', 'off'],
      ['Momentum', '0.9', '—'],
      ['Max-norm limit', '3', '4'],
    ]);
  });
});
