import { describe, expect, it } from 'vitest';
import { buildAxis, categoryLabel, formatTick, logTicks, niceTicks, rowSegments } from '../../../../src-renderer/plans/parallel-coords';
import { planProgress } from '../../../../src-renderer/plans/plan-progress';
import { listSettings, parseSettingValue, parseValueList, settingLabel } from '../../../../src-renderer/plans/settings';
import { nextSort, sortRows } from '../../../../src-renderer/plans/sort';
import type { Progress } from '../../../../src-shared/api/run';

const spec = {
  format: 1 as const,
  name: 'tiny',
  nodes: [
    { id: 'input', kind: 'input', params: { shape: [2] } },
    { id: 'h1', kind: 'dense', params: { units: 16, activation: 'tanh' } },
    { id: 'drop', kind: 'dropout', params: {} },
    { id: 'out', kind: 'dense', params: { units: 2, activation: 'softmax' } },
  ],
  edges: [
    { from: 'input', to: 'h1' },
    { from: 'h1', to: 'drop' },
    { from: 'drop', to: 'out' },
  ],
};

describe('plan settings', () => {
  const settings = listSettings(spec, { learningRate: 0.01, optimizer: { kind: 'adam' }, maxNorm: null });
  const byPath = (path: string) => settings.find((s) => s.path === path)!;

  it('lists the config and every node parameter with human names, defaults filled in, seed and epochs left to the plan', () => {
    expect(settingLabel(byPath('config.maxNorm'))).toBe('Max-norm (config.maxNorm)');
    expect(settingLabel(byPath('node.h1.units'))).toBe('Units of h1 (node.h1.units)');
    expect(byPath('node.h1.units').current).toBe(16);
    expect(byPath('node.drop.rate').current).toBe(0.5);
    expect(byPath('config.optimizer.beta1').current).toBe(0.9);
    expect(settings.find((s) => s.path === 'config.optimizer.momentum')).toBeUndefined();
    expect(settings.map((s) => s.path)).not.toContain('config.seed');
    expect(settings.map((s) => s.path)).not.toContain('config.epochs');
    expect(settings.map((s) => s.path)).not.toContain('node.input.shape');
    expect(byPath('config.learningRate').log).toBe(true);
  });

  it('reads typed values and says what is wrong beside the field', () => {
    expect(parseSettingValue(byPath('config.maxNorm'), 'off')).toEqual({ ok: true, value: null });
    expect(parseSettingValue(byPath('config.maxNorm'), '3')).toEqual({ ok: true, value: { limit: 3 } });
    expect(parseSettingValue(byPath('config.maxNorm'), '{"limit": 2, "measure": "norm"}')).toEqual({ ok: true, value: { limit: 2, measure: 'norm' } });
    expect(parseSettingValue(byPath('config.maxNorm'), '{limit: 2}')).toMatchObject({ ok: false, message: expect.stringContaining('is not JSON') });
    expect(parseSettingValue(byPath('node.h1.units'), '2.5')).toEqual({ ok: false, message: '"2.5": expected a whole number' });
    expect(parseSettingValue(byPath('node.h1.units'), '0')).toEqual({ ok: false, message: '0 is too small: expected at least 1' });
    expect(parseSettingValue(byPath('node.h1.units'), 'off')).toEqual({ ok: false, message: 'Units of h1 cannot be off' });
    expect(parseSettingValue(byPath('config.learningRate'), '0')).toEqual({ ok: false, message: '0 is too small: expected above 0' });
    expect(parseSettingValue(byPath('node.drop.rate'), '1')).toEqual({ ok: false, message: '1 is too large: expected below 1' });
    expect(parseSettingValue(byPath('node.h1.activation'), 'relu')).toEqual({ ok: true, value: 'relu' });
    expect(parseSettingValue(byPath('node.h1.activation'), 'rellu')).toMatchObject({ ok: false, message: expect.stringContaining('expected one of') });
    expect(parseSettingValue(byPath('node.h1.units'), ' ')).toEqual({ ok: false, message: 'enter a value' });
  });

  it('reads grid value lists, objects keeping their commas', () => {
    expect(parseValueList(byPath('config.learningRate'), '0.01, 0.1')).toEqual({ ok: true, value: [0.01, 0.1] });
    expect(parseValueList(byPath('node.h1.activation'), 'relu, tanh')).toEqual({ ok: true, value: ['relu', 'tanh'] });
    expect(parseValueList(byPath('config.maxNorm'), '{"limit": 3, "measure": "norm"}, off')).toEqual({ ok: true, value: [{ limit: 3, measure: 'norm' }, null] });
    expect(parseValueList(byPath('node.h1.units'), '8, 8')).toEqual({ ok: false, message: '8 is listed twice' });
    expect(parseValueList(byPath('node.h1.units'), '8, x')).toEqual({ ok: false, message: '"x" is not a number' });
  });
});

describe('parallel-coordinate axes', () => {
  it('maps numbers linearly, lists few distinct values as ticks', () => {
    const axis = buildAxis({ key: 'u', label: 'units', values: [8, 32, 8, 32] });
    expect(axis.kind).toBe('linear');
    expect([axis.position(8), axis.position(32), axis.position(20)]).toEqual([0, 1, 0.5]);
    expect(axis.ticks).toEqual([{ t: 0, label: '8' }, { t: 1, label: '32' }]);
  });

  it('puts log-distributed settings on a log axis with decade ticks', () => {
    const values = [0.0001, 0.0003, 0.001, 0.002, 0.004, 0.008, 0.01];
    const axis = buildAxis({ key: 'lr', label: 'lr', values, log: true });
    expect(axis.kind).toBe('log');
    expect(axis.position(0.001)).toBeCloseTo(0.5, 10);
    expect(axis.ticks.map((t) => t.label)).toEqual(['1e-4', '0.001', '0.01']);
    // A log axis needs positive values; otherwise linear.
    expect(buildAxis({ key: 'x', label: 'x', values: [0, 1], log: true }).kind).toBe('linear');
  });

  it('falls back to round ticks when listed values would crowd each other, and writes ticks as asked', () => {
    const axis = buildAxis({ key: 'lr', label: 'lr', values: [0.003, 0.03, 0.039, 0.05825, 0.07626, 0.09351], log: true });
    expect(axis.ticks.map((t) => t.label)).toEqual(['0.005', '0.01', '0.02', '0.05']);
    const objective = buildAxis({ key: 'o', label: 'error', values: [0.1, 0.4], nullIsMissing: true, format: (v) => `${(v * 100).toFixed(0)}%` });
    expect(objective.ticks.map((t) => t.label)).toEqual(['10%', '40%']);
    expect(buildAxis({ key: 'u', label: 'units', values: [8, 32], categorical: true }).ticks).toEqual([{ t: 0, label: '8' }, { t: 1, label: '32' }]);
    expect(buildAxis({ key: 'u', label: 'units', values: [8, 32], categorical: true }).kind).toBe('category');
  });

  it('spaces non-numbers as categories, "off" first', () => {
    const axis = buildAxis({ key: 'm', label: 'max-norm', values: [{ limit: 3 }, null, { limit: 3 }] });
    expect(axis.kind).toBe('category');
    expect(axis.ticks).toEqual([{ t: 0, label: 'off' }, { t: 1, label: 'limit 3' }]);
    expect(axis.position(null)).toBe(0);
    expect(categoryLabel({ limit: 3, measure: 'norm' })).toBe('{"limit":3,"measure":"norm"}');
  });

  it('treats a missing objective as a gap in the polyline', () => {
    const axes = [buildAxis({ key: 'a', label: 'a', values: [1, 2] }), buildAxis({ key: 'o', label: 'objective', values: [0.1, null], nullIsMissing: true })];
    expect(axes[1].kind).toBe('linear');
    expect(axes[1].position(0.1)).toBe(0.5);
    expect(rowSegments(axes, [2, null])).toEqual([[{ x: 0, y: 1 }]]);
    expect(rowSegments(axes, [1, 0.1])).toEqual([[{ x: 0, y: 0 }, { x: 1, y: 0.5 }]]);
  });

  it('writes round ticks', () => {
    expect(niceTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(3, 97)).toEqual([20, 40, 60, 80]);
    expect(logTicks(0.002, 0.009)).toEqual([0.002, 0.005]);
    expect([formatTick(0.00003), formatTick(12345), formatTick(0.123456), formatTick(0.001)]).toEqual(['3e-5', '12,345', '0.1235', '0.001']);
  });
});

describe('results table sorting', () => {
  const rows = [
    { id: 'a', err: 12, act: 'tanh' },
    { id: 'b', err: null, act: 'relu' },
    { id: 'c', err: 3, act: 'relu' },
    { id: 'd', err: 12, act: 'sigmoid' },
  ];
  it('sorts numbers by size with blanks last in both directions, stable on ties', () => {
    expect(sortRows(rows, (r) => r.err, false).map((r) => r.id)).toEqual(['c', 'a', 'd', 'b']);
    expect(sortRows(rows, (r) => r.err, true).map((r) => r.id)).toEqual(['a', 'd', 'c', 'b']);
    expect(sortRows(rows, (r) => r.act, false).map((r) => r.id)).toEqual(['b', 'c', 'd', 'a']);
  });
  it('flips the direction on a second click of the same header', () => {
    const first = nextSort(null, 'err');
    expect(first).toEqual({ key: 'err', descending: false });
    expect(nextSort(first, 'err')).toEqual({ key: 'err', descending: true });
    expect(nextSort(nextSort(first, 'err'), 'act')).toEqual({ key: 'act', descending: false });
  });
});

describe('plan progress', () => {
  const progress = (runId: string, fraction: number, etaMs: number): Progress => ({ runId, epoch: 0, epochs: 1, step: 0, totalSteps: 1, samplesPerSec: 1, etaMs, runFraction: fraction, runEtaMs: etaMs });
  it('counts runs done of total and projects the queued runs onto the free trainers', () => {
    const runs = [
      { runId: 'r1', status: 'completed' as const, wallMs: 10_000 },
      { runId: 'r2', status: 'failed' as const, wallMs: 1_000 },
      { runId: 'r3', status: 'running' as const },
      { runId: 'r4', status: 'queued' as const },
      { runId: 'r5', status: 'queued' as const },
    ];
    const p = planProgress(runs, { r3: progress('r3', 0.5, 4_000) }, 2);
    expect(p).toMatchObject({ total: 5, done: 2, completed: 1, failed: 1, running: 1, queued: 2 });
    expect(p.fraction).toBeCloseTo(2.5 / 5, 10);
    // Trainer 1: r3 (4 s) then r5 (10 s); trainer 2: r4 (10 s).
    expect(p.etaMs).toBe(14_000);
  });
  it('gives no ETA before anything can be estimated, and 0 when all is done', () => {
    expect(planProgress([{ runId: 'r1', status: 'queued' }], {}, 1).etaMs).toBeNull();
    expect(planProgress([{ runId: 'r1', status: 'completed', wallMs: 5 }], {}, 1).etaMs).toBe(0);
  });
});

