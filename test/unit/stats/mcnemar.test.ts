import { describe, expect, it } from 'vitest';
import { combinedMcNemar, discordantCounts, mcnemarTest } from '../../../src-shared/stats';

describe('mcnemarTest', () => {
  // Agresti (2007), An Introduction to Categorical Data Analysis, 2nd ed., Table 8.1: approval of the
  // President's performance in two surveys of the same 1600 people: 794 approve/approve, 150
  // approve/disapprove, 86 disapprove/approve, 570 disapprove/disapprove. Agresti: z = (86 − 150)/√236
  // = −4.17, z² = 17.36 (no correction). R's ?mcnemar.test example on the same table (with the default
  // continuity correction): McNemar's chi-squared = 16.818, df = 1, p-value = 4.115e-05.
  const approval = { onlyARight: 150, onlyBRight: 86 };

  it("gives Agresti's uncorrected statistic for the presidential approval survey", () => {
    const result = mcnemarTest(approval, { method: 'chi-square', continuityCorrection: false });
    expect(result.statistic).toBeCloseTo(17.356, 3);
    expect(Math.sqrt(result.statistic!)).toBeCloseTo(4.17, 2);
  });

  it("gives R's continuity-corrected statistic and p for the same table", () => {
    const result = mcnemarTest(approval);
    expect(result.method).toBe('chi-square');
    expect(result.statistic).toBeCloseTo(16.818, 3);
    expect(result.p).toBeCloseTo(4.115e-5, 8);
  });

  // Fagerland, Lydersen & Laake (2013), "The McNemar test for binary matched-pairs data: mid-p and
  // asymptotic are better than exact conditional", BMC Med Res Methodol 13:91, Table 1 / Section
  // "Example": airway hyper-responsiveness before and after stem cell transplantation, 21 children,
  // discordant pairs 1 and 7. Exact conditional p = 0.070 (= 2·9/256), asymptotic McNemar p = 0.034.
  it('gives the exact conditional p for small discordant counts (Fagerland et al. 2013)', () => {
    const exact = mcnemarTest({ onlyARight: 1, onlyBRight: 7 });
    expect(exact.method).toBe('exact-binomial');
    expect(exact.p).toBeCloseTo(18 / 256, 12);
    expect(exact.p).toBeCloseTo(0.07, 2);
    const asymptotic = mcnemarTest({ onlyARight: 1, onlyBRight: 7 }, { method: 'chi-square', continuityCorrection: false });
    expect(asymptotic.statistic).toBe(4.5);
    expect(asymptotic.p).toBeCloseTo(0.034, 3);
  });

  it('keeps a tiny χ² p-value instead of rounding it to 0', () => {
    // χ²₁ = (|900 − 100| − 1)² / 1000 = 638.4; P(χ²₁ ≥ 638.4) = 2Φ(−25.27) ≈ 6e-141.
    const result = mcnemarTest({ onlyARight: 900, onlyBRight: 100 });
    expect(result.p).toBeGreaterThan(0);
    expect(result.p).toBeLessThan(1e-139);
  });

  it('caps the exact p at 1 for balanced counts and gives 1 with no discordant pairs', () => {
    expect(mcnemarTest({ onlyARight: 4, onlyBRight: 4 }).p).toBe(1);
    expect(mcnemarTest({ onlyARight: 0, onlyBRight: 0 }).p).toBe(1);
  });
});

describe('discordantCounts and combinedMcNemar', () => {
  it('counts the examples only one classifier got right', () => {
    const labels = [0, 1, 2, 3, 4, 5];
    const a = [0, 1, 2, 9, 9, 5];
    const b = [0, 9, 2, 3, 9, 9];
    expect(discordantCounts(a, b, labels)).toEqual({ onlyARight: 2, onlyBRight: 1 });
    expect(() => discordantCounts(a, b, [0])).toThrow(/differ in length/);
  });

  it('pools the discordant counts of all pairs into one test', () => {
    const combined = combinedMcNemar([
      { onlyARight: 100, onlyBRight: 60 },
      { onlyARight: 50, onlyBRight: 26 },
    ]);
    expect(combined.perPair).toHaveLength(2);
    expect(combined.pooled).toMatchObject({ onlyARight: 150, onlyBRight: 86 });
    expect(combined.pooled.statistic).toBeCloseTo(16.818, 3);
  });
});
