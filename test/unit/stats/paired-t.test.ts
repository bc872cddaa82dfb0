import { describe, expect, it } from 'vitest';
import { pairedTTest } from '../../../src-shared/stats';
import { SLEEP_DRUG_1, SLEEP_DRUG_2 } from './sleep-data';

describe('pairedTTest', () => {
  // Student (1908), "The probable error of a mean", Biometrika 6: the Cushny & Peebles sleep data, as
  // R's datasets::sleep. R 4.x: t.test(extra ~ group, data = sleep, paired = TRUE) reports
  // t = -4.0621, df = 9, p-value = 0.002833, 95% CI -2.4598858 -0.7001142, mean difference -1.58.
  it("reproduces R's paired t-test on Student's sleep data", () => {
    const result = pairedTTest(SLEEP_DRUG_1, SLEEP_DRUG_2);
    expect(result.t).toBeCloseTo(-4.0621, 4);
    expect(result.df).toBe(9);
    expect(result.p).toBeCloseTo(0.002833, 6);
    expect(result.meanDifference).toBeCloseTo(-1.58, 10);
    expect(result.ci![0]).toBeCloseTo(-2.4598858, 6);
    expect(result.ci![1]).toBeCloseTo(-0.7001142, 6);
  });

  it('is antisymmetric in its arguments', () => {
    const forward = pairedTTest(SLEEP_DRUG_1, SLEEP_DRUG_2);
    const backward = pairedTTest(SLEEP_DRUG_2, SLEEP_DRUG_1);
    expect(backward.t).toBeCloseTo(-forward.t!, 10);
    expect(backward.p).toBeCloseTo(forward.p!, 12);
  });

  it('reports no t or p when the differences do not vary or there is one pair', () => {
    const constant = pairedTTest([10, 12, 14], [7, 9, 11]);
    expect(constant.meanDifference).toBe(3);
    expect(constant.t).toBeNull();
    expect(constant.p).toBeNull();
    expect(constant.ci).toEqual([3, 3]);
    const single = pairedTTest([5], [3]);
    expect(single.t).toBeNull();
    expect(single.ci).toBeNull();
  });

  it('rejects samples of different length', () => {
    expect(() => pairedTTest([1, 2], [1])).toThrow(/differ in length: 2 and 1/);
  });
});
