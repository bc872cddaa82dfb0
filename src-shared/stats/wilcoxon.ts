import { pairedDifferences } from './descriptive';
import { signedRankCdf, standardNormalCdf } from './distributions';
import { averageRanks } from './ranks';

export interface WilcoxonSignedRank {
  /** V: the sum of the ranks of the positive differences a − b (R's statistic). */
  statistic: number;
  /** Non-zero differences, the n of the test. */
  n: number;
  /** Two-sided. */
  p: number;
  method: 'exact' | 'normal';
}

/** Below this many non-zero differences, and without ties, the exact null distribution is used (as R does). */
export const WILCOXON_EXACT_BELOW = 50;

/**
 * Wilcoxon signed-rank test of the paired samples a and b, two-sided, following R's
 * `wilcox.test(a, b, paired = TRUE)`: zero differences are dropped; exact p for n < 50 without ties,
 * otherwise the normal approximation with the tie correction of the variance and a continuity correction.
 */
export function wilcoxonSignedRank(a: readonly number[], b: readonly number[]): WilcoxonSignedRank {
  const differences = pairedDifferences(a, b);
  const nonZero = differences.filter((d) => d !== 0);
  const hadZeros = nonZero.length < differences.length;
  const n = nonZero.length;
  if (n === 0) return { statistic: 0, n, p: 1, method: 'exact' };

  const { ranks, tieSizes } = averageRanks(nonZero.map(Math.abs));
  const statistic = ranks.reduce((sum, rank, i) => (nonZero[i] > 0 ? sum + rank : sum), 0);
  const hasTies = tieSizes.some((size) => size > 1);

  if (n < WILCOXON_EXACT_BELOW && !hasTies && !hadZeros) {
    const lowerTail =
      statistic > (n * (n + 1)) / 4 ? 1 - signedRankCdf(statistic - 1, n) : signedRankCdf(statistic, n);
    return { statistic, n, p: Math.min(1, 2 * lowerTail), method: 'exact' };
  }

  const centred = statistic - (n * (n + 1)) / 4;
  const tieTerm = tieSizes.reduce((sum, t) => sum + (t ** 3 - t), 0) / 48;
  const sigma = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24 - tieTerm);
  const z = (centred - Math.sign(centred) * 0.5) / sigma;
  const p = Math.min(1, 2 * Math.min(standardNormalCdf(z), 1 - standardNormalCdf(z)));
  return { statistic, n, p, method: 'normal' };
}
