import { describe, expect, test } from 'vitest';
import { learningRateAt, momentumAt } from '../../../src-main/engine/schedule';
import { config } from './helpers';

describe('learning-rate schedules and the momentum ramp', () => {
  test('constant', () => {
    const c = config({ learningRate: 0.1 });
    expect([0, 5, 100].map((epoch) => learningRateAt(c, epoch))).toEqual([0.1, 0.1, 0.1]);
  });

  test('exponential: lr0 · f^epoch (the dropout paper: 10 · 0.998^epoch)', () => {
    const c = config({ learningRate: 10, schedule: { kind: 'exponential', factor: 0.998 } });
    expect(learningRateAt(c, 0)).toBe(10);
    expect(learningRateAt(c, 1)).toBeCloseTo(9.98, 12);
    expect(learningRateAt(c, 500)).toBeCloseTo(10 * 0.998 ** 500, 12);
  });

  test('step: lr0 · f^⌊epoch/every⌋', () => {
    const c = config({ learningRate: 1, schedule: { kind: 'step', every: 3, factor: 0.5 } });
    expect([0, 2, 3, 5, 6, 9].map((epoch) => learningRateAt(c, epoch))).toEqual([1, 1, 0.5, 0.5, 0.25, 0.125]);
  });

  test('momentum: fixed, or linear from `from` to `to` over `epochs`, then held', () => {
    expect(momentumAt(config({ optimizer: { kind: 'sgd', momentum: 0.7 } }).optimizer, 3)).toBe(0.7);
    const ramp = config({ optimizer: { kind: 'sgd', momentumRamp: { from: 0.5, to: 0.99, epochs: 500 } } }).optimizer;
    expect(momentumAt(ramp, 0)).toBe(0.5);
    expect(momentumAt(ramp, 250)).toBeCloseTo(0.745, 12);
    expect(momentumAt(ramp, 500)).toBeCloseTo(0.99, 12);
    expect(momentumAt(ramp, 900)).toBeCloseTo(0.99, 12);
    expect(momentumAt(config({ optimizer: { kind: 'adam' } }).optimizer, 4)).toBe(0);
  });
});
