import { mean, pairedDifferences, sampleSd } from './descriptive';
import { studentTCdf, studentTQuantile } from './distributions';

export interface PairedTTest {
  /** Mean of a − b. */
  meanDifference: number;
  /** null when it is undefined: fewer than two pairs, or all differences equal. */
  t: number | null;
  df: number;
  /** Two-sided. */
  p: number | null;
  /** Two-sided confidence interval for the mean difference at `level`; null for fewer than two pairs. */
  ci: [number, number] | null;
  level: number;
}

/** Student's paired t-test of a against b (as R's `t.test(a, b, paired = TRUE)`). */
export function pairedTTest(a: readonly number[], b: readonly number[], level = 0.95): PairedTTest {
  const differences = pairedDifferences(a, b);
  const n = differences.length;
  const meanDifference = mean(differences);
  const df = n - 1;
  if (n < 2) return { meanDifference, t: null, df, p: null, ci: null, level };
  const standardError = sampleSd(differences) / Math.sqrt(n);
  const halfWidth = studentTQuantile(1 - (1 - level) / 2, df) * standardError;
  const ci: [number, number] = [meanDifference - halfWidth, meanDifference + halfWidth];
  if (standardError === 0) return { meanDifference, t: null, df, p: null, ci, level };
  const t = meanDifference / standardError;
  const p = Math.min(1, 2 * studentTCdf(-Math.abs(t), df));
  return { meanDifference, t, df, p, ci, level };
}
