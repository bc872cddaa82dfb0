import { describe, expect, it } from 'vitest';
import { settingRows } from '../../../../src-renderer/compare/setting-rows';
import { nameOfPath } from '../../../../src-renderer/plans/settings';
import { matchRuns } from '../../../../src-renderer/compare/run-search';
import { CURVE_TINT, tint } from '../../../../src-renderer/compare/curve-colors';
import type { RunSummary } from '../../../../src-shared/api/run';

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

  it('shows a layer only one run has as one row, its kind and parameters together', () => {
    const rows = settingRows([
      { path: 'node.drop1.kind', values: ['"dropout"', '—'] },
      { path: 'node.drop1.rate', values: ['0.5', '—'] },
      { path: 'node.fc1.units', values: ['800', '400'] },
    ]);
    expect(rows).toEqual([
      { path: 'node.drop1', name: 'Layer drop1', values: ['dropout, rate 0.5', '—'] },
      { path: 'node.fc1.units', name: 'Units of fc1', values: ['800', '400'] },
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

describe("Compare's run picker and curve shades (issue 18, item 5)", () => {
  const run = (id: string, name: string, tags: string[] = [], dataset = 'spirals') => ({ id, name, tags, dataset }) as unknown as RunSummary;
  const runs = [run('7f00aa11', 'spirals seed 7'), run('0b0b0b0b', 'spirals seed 17'), run('c0ffee00', 'dropout 0.5', ['baseline', 'no-max-norm'], 'mnist')];

  it('finds runs by words of their name, tags and dataset, and by the start of their id', () => {
    expect(matchRuns(runs, 'seed 7').map((r) => r.name)).toEqual(['spirals seed 7']);
    expect(matchRuns(runs, 'SEED').map((r) => r.name)).toEqual(['spirals seed 7', 'spirals seed 17']);
    expect(matchRuns(runs, 'no-max').map((r) => r.name)).toEqual(['dropout 0.5']);
    expect(matchRuns(runs, 'mnist baseline').map((r) => r.name)).toEqual(['dropout 0.5']);
    expect(matchRuns(runs, 'c0ff').map((r) => r.name)).toEqual(['dropout 0.5']);
    expect(matchRuns(runs, '  ')).toHaveLength(3);
    expect(matchRuns(runs, 'adam')).toEqual([]);
  });

  it("draws a run's training curve a lighter shade of its validation colour", () => {
    expect(tint('#2f7ed8', 0)).toBe('#2f7ed8');
    expect(tint('#000000', 0.5)).toBe('#808080');
    expect(tint('#2f7ed8', 1)).toBe('#ffffff');
    expect(new Set(Object.values(CURVE_TINT)).size).toBe(Object.keys(CURVE_TINT).length);
    expect(() => tint('red', 0.5)).toThrow(/#rrggbb/);
  });
});
