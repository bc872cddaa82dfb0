import { describe, expect, it } from 'vitest';
import { averageRanks, wilcoxonSignedRank } from '../../../src-shared/stats';
import { SLEEP_DRUG_1, SLEEP_DRUG_2 } from './sleep-data';

describe('wilcoxonSignedRank', () => {
  // Hollander & Wolfe (1973), Nonparametric Statistical Methods, p. 29: Hamilton depression scale
  // factor IV at the first (x) and second (y) visit of nine patients. R's ?wilcox.test example:
  // wilcox.test(x, y, paired = TRUE, alternative = "greater") gives V = 40, p-value = 0.01953
  // (= 10/512: the 10 of 2^9 sign patterns with V ≥ 40), so the two-sided p is 20/512 = 0.0390625.
  const x = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3];
  const y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];

  it('gives the exact p for the Hollander & Wolfe depression data', () => {
    const result = wilcoxonSignedRank(x, y);
    expect(result.statistic).toBe(40);
    expect(result.n).toBe(9);
    expect(result.method).toBe('exact');
    expect(result.p).toBeCloseTo(20 / 512, 10);
    expect(result.p / 2).toBeCloseTo(0.01953, 5);
  });

  it('is symmetric: swapping the samples mirrors V and keeps p', () => {
    const swapped = wilcoxonSignedRank(y, x);
    expect(swapped.statistic).toBe(45 - 40);
    expect(swapped.p).toBeCloseTo(20 / 512, 10);
  });

  // Student's sleep data (R datasets::sleep) has one zero difference and one tie (two |d| = 1.3).
  // R: wilcox.test(extra ~ group, data = sleep, paired = TRUE) reports V = 0, p-value = 0.009091 with
  // the warnings "cannot compute exact p-value with ties / with zeroes": the normal approximation with
  // n = 9, σ² = 9·10·19/24 − (2³ − 2)/48 = 71.125 and continuity correction: z = −22/√71.125 = −2.6086.
  it("matches R's normal approximation with ties and zeros on the sleep data", () => {
    const result = wilcoxonSignedRank(SLEEP_DRUG_1, SLEEP_DRUG_2);
    expect(result.statistic).toBe(0);
    expect(result.n).toBe(9);
    expect(result.method).toBe('normal');
    expect(result.p).toBeCloseTo(0.009091, 6);
  });

  it('gives p = 1 when every difference is zero', () => {
    expect(wilcoxonSignedRank([3, 4], [3, 4])).toMatchObject({ statistic: 0, n: 0, p: 1 });
  });
});

describe('averageRanks', () => {
  it('gives ties their average rank, as R rank()', () => {
    expect(averageRanks([10, 20, 20, 5])).toEqual({ ranks: [2, 3.5, 3.5, 1], tieSizes: [1, 1, 2] });
  });
});
