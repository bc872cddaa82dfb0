/**
 * The distribution functions the study statistics need, from @stdlib (maintained, tested numerics).
 * Kept in one file so the rest of src-shared/stats reads as plain formulas.
 */
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import binomialCdf from '@stdlib/stats-base-dists-binomial-cdf';
import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import signrankCdf from '@stdlib/stats-base-dists-signrank-cdf';

/** P(T ≤ t) for Student's t with `df` degrees of freedom. */
export const studentTCdf = (t: number, df: number): number => tCdf(t, df);
/** The p-quantile of Student's t with `df` degrees of freedom. */
export const studentTQuantile = (p: number, df: number): number => tQuantile(p, df);
/** P(Z ≤ z) for the standard normal. */
export const standardNormalCdf = (z: number): number => normalCdf(z, 0, 1);
/** P(X ≤ k) for X ~ Binomial(n, p). */
export const binomialCdfAt = (k: number, n: number, p: number): number => binomialCdf(k, n, p);
/**
 * P(X ≥ x) for X ~ χ² with `df` degrees of freedom. For one degree of freedom it is 2·Φ(−√x), which keeps
 * its precision far into the tail where 1 − cdf would round to 0.
 */
export const chiSquareUpperTail = (x: number, df: number): number => (df === 1 ? 2 * normalCdf(-Math.sqrt(x), 0, 1) : 1 - chisquareCdf(x, df));
/** P(V ≤ v) for the Wilcoxon signed-rank statistic V (sum of positive ranks) of n untied, non-zero differences. */
export const signedRankCdf = (v: number, n: number): number => signrankCdf(v, n);
