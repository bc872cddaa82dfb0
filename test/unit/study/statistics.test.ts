import { describe, expect, it } from 'vitest';
import { compareVariants, studyVerdict, curveBands, weightNormHistogram, unitNorms } from '../../../src-shared/study';

describe('compareVariants', () => {
  it('tests noDropout − dropout over the paired seeds and writes the verdict', () => {
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
    expect(stats.meanDifference).toBe(35);
    // differences 25, 40, 40: sd = √75, se = 5, t = 7 on 2 df.
    expect(stats.pairedT.t).toBeCloseTo(7, 10);
    expect(stats.pairedT.df).toBe(2);
    expect(stats.pairedT.p).toBeGreaterThan(0.01);
    expect(stats.pairedT.p).toBeLessThan(0.05);
    expect(stats.ci95![0]).toBeCloseTo(35 - 4.302653 * 5, 4);
    expect(stats.mcnemar!.onlyDropoutRight).toBe(240);
    expect(stats.mcnemar!.perSeed.map((s) => s.seed)).toEqual([1, 2, 3]);
    expect(stats.verdict).toMatch(/^dropout lowered test error by 35 errors of 10,000 \(95% CI 13–57\), p = 0\.0\d+, 3 paired seeds$/);
  });

  it('leaves McNemar out when a pair lacks predictions, and returns null without pairs', () => {
    expect(compareVariants([{ seed: 1, dropoutErrors: 3, noDropoutErrors: 5 }], 100, 1)!.mcnemar).toBeNull();
    expect(compareVariants([], 100, 1)).toBeNull();
  });
});

describe('studyVerdict', () => {
  it('says when there is no significant difference, with a signed change and its interval in the same direction', () => {
    const text = studyVerdict({ meanDifference: -3, ci95: [-10, 4], p: 0.41, pairs: 3, testCount: 10000 });
    expect(text).toBe('no significant difference: dropout changed test error by +3 errors of 10,000 (95% CI −4 to 10), p = 0.41, 3 paired seeds');
  });
  it('says when dropout raised the error significantly, with the interval of the rise', () => {
    expect(studyVerdict({ meanDifference: -31, ci95: [-44, -18], p: 0.0004, pairs: 5, testCount: 10000 })).toBe(
      'dropout raised test error by 31 errors of 10,000 (95% CI 18–44), p < 0.001, 5 paired seeds',
    );
  });
  it('refuses a verdict from one seed', () => {
    expect(studyVerdict({ meanDifference: 4, ci95: null, p: null, pairs: 1, testCount: 1000 })).toMatch(/1 paired seed, too few to test/);
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
