import { describe, expect, it } from 'vitest';
import { compareVariants, pairedVerdict, curveBands, weightNormHistogram, unitNorms } from '../../../src-shared/study';

describe('compareVariants', () => {
  it('tests dropout − noDropout over the paired seeds and states the same difference in the verdict', () => {
    const pairs = [
      { seed: 2, dropoutErrors: 150, noDropoutErrors: 190, discordant: { onlyDropoutRight: 90, onlyNoDropoutRight: 50 } },
      { seed: 1, dropoutErrors: 160, noDropoutErrors: 185, discordant: { onlyDropoutRight: 70, onlyNoDropoutRight: 45 } },
      { seed: 3, dropoutErrors: 140, noDropoutErrors: 180, discordant: { onlyDropoutRight: 80, onlyNoDropoutRight: 40 } },
    ];
    const stats = compareVariants(pairs, 10000, 5)!;
    expect(stats.seeds).toEqual([1, 2, 3]);
    expect(stats.variants.dropout.testErrors).toEqual([160, 150, 140]);
    expect(stats.variants.dropout.mean).toBe(150);
    expect(stats.variants.dropout.sd).toBe(10);
    expect(stats.variants.dropout.meanRate).toBe(0.015);
    expect(stats.variants.noDropout.mean).toBe(185);
    expect(stats.meanDifference).toBe(-35);
    expect(stats.differenceOf).toBe('dropout − no dropout');
    // differences −25, −40, −40: sd = √75, se = 5, t = −7 on 2 df.
    expect(stats.pairedT.t).toBeCloseTo(-7, 10);
    expect(stats.pairedT.df).toBe(2);
    expect(stats.pairedT.p).toBeGreaterThan(0.01);
    expect(stats.pairedT.p).toBeLessThan(0.05);
    expect(stats.ci95![1]).toBeCloseTo(-35 + 4.302653 * 5, 4);
    expect(stats.mcnemar!.onlyDropoutRight).toBe(240);
    expect(stats.mcnemar!.perSeed.map((s) => s.seed)).toEqual([1, 2, 3]);
    expect(stats.verdict).toMatch(/^dropout lowered test error vs no dropout by 35 errors of 10,000: difference −35 \(95% CI −56\.5 to −13\.5\), paired t over 3 seeds, p = 0\.0\d+$/);
    expect(stats.verdictBasis).toMatch(/^The verdict rests on the paired t-test over the 3 seeds/);
    expect(stats.mcnemarNote).toMatch(/pools test examples across seeds.*ignores the seed-to-seed variance.*Here both tests agree\.$/);
  });

  it('leaves McNemar out when a pair lacks predictions, and returns null without pairs', () => {
    expect(compareVariants([{ seed: 1, dropoutErrors: 3, noDropoutErrors: 5 }], 100, 1)!.mcnemar).toBeNull();
    expect(compareVariants([], 100, 1)).toBeNull();
  });
});

describe('pairedVerdict', () => {
  const arms = { a: 'dropout', b: 'no dropout' };
  it('states the signed difference A − B and its interval as they are, never rounding 11.5 to 12', () => {
    const text = pairedVerdict({ ...arms, meanDifference: -11.5, ci95: [-449.86, 426.86], p: 0.795, pairs: 2, testCount: 1000 });
    expect(text).toBe('no significant difference: dropout changed test error vs no dropout by −11.5 errors of 1,000 (95% CI −449.9 to +426.9), paired t over 2 seeds, p = 0.80');
  });
  it('says when A raised the error significantly, with the difference in the same direction as the numbers', () => {
    expect(pairedVerdict({ ...arms, meanDifference: 31, ci95: [18, 44], p: 0.0004, pairs: 5, testCount: 10000 })).toBe(
      'dropout raised test error vs no dropout by 31 errors of 10,000: difference +31 (95% CI +18 to +44), paired t over 5 seeds, p < 0.001',
    );
  });
  it('refuses a verdict from one seed', () => {
    expect(pairedVerdict({ ...arms, meanDifference: 4, ci95: null, p: null, pairs: 1, testCount: 1000 })).toBe(
      'dropout changed test error vs no dropout by +4 errors of 1,000 on 1 paired seed, too few to test; run 2 or more seeds (5 or more for a reliable verdict)',
    );
  });
  it('says when every seed gave the same difference', () => {
    expect(pairedVerdict({ ...arms, meanDifference: -2, ci95: null, p: null, pairs: 3, testCount: 100 })).toMatch(/by exactly −2 errors of 100 on every one of 3 paired seeds/);
  });
});

describe('curveBands and weight norms', () => {
  it('averages each epoch over the runs that reached it', () => {
    const point = (epoch: number, value: number) => ({ step: epoch * 10, epoch, wallMs: 0, value });
    const bands = curveBands(
      [{ 'epoch/val_loss': [point(1, 1), point(2, 0.5)] }, { 'epoch/val_loss': [point(1, 3)] }],
      ['epoch/val_loss', 'epoch/train_loss'],
    );
    expect(bands['epoch/val_loss']).toEqual({ epochs: [1, 2], mean: [2, 0.5], sd: [Math.SQRT2, 0], count: [2, 1] });
    expect(bands['epoch/train_loss'].epochs).toEqual([]);
  });

  it('bins both variants over the same edges', () => {
    const layer = (values: number[]) => ({ nodeId: 'h1', units: values.length / 2, rows: 1, cols: 2, values });
    const dropout = layer([3, 4, 0, 1]);
    expect(unitNorms(dropout)).toEqual([5, 1]);
    const histogram = weightNormHistogram({ dropout, noDropout: layer([6, 8, 0, 0]) }, 5)!;
    expect(histogram.edges).toEqual([0, 2, 4, 6, 8, 10]);
    expect(histogram.counts).toEqual({ dropout: [1, 0, 1, 0, 0], noDropout: [1, 0, 0, 0, 1] });
    expect(weightNormHistogram({ dropout, noDropout: null })).toBeNull();
  });
});
