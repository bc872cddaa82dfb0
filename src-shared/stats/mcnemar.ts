import { binomialCdfAt, chiSquareUpperTail } from './distributions';

/** The discordant pairs of two classifiers on the same examples. */
export interface DiscordantCounts {
  /** Examples A got right and B got wrong. */
  onlyARight: number;
  /** Examples A got wrong and B got right. */
  onlyBRight: number;
}

export interface McNemarTest extends DiscordantCounts {
  /** χ² statistic (continuity-corrected unless asked otherwise); null for the exact test. */
  statistic: number | null;
  /** Two-sided. */
  p: number;
  method: 'exact-binomial' | 'chi-square';
}

/** Below this many discordant pairs the exact binomial test is used; the χ² approximation is poor there. */
export const MCNEMAR_EXACT_BELOW = 25;

export interface McNemarOptions {
  method?: 'auto' | 'exact-binomial' | 'chi-square';
  /** Continuity correction (|b − c| − 1)² / (b + c), as R's `mcnemar.test` by default. */
  continuityCorrection?: boolean;
}

/**
 * McNemar's test that A and B err equally often on the same examples. Exact: b ~ Binomial(b + c, ½),
 * two-sided p = min(1, 2·P(X ≤ min(b, c))). Otherwise χ² with one degree of freedom.
 */
export function mcnemarTest(counts: DiscordantCounts, options: McNemarOptions = {}): McNemarTest {
  const b = counts.onlyARight;
  const c = counts.onlyBRight;
  const discordant = b + c;
  const method = options.method === undefined || options.method === 'auto' ? (discordant < MCNEMAR_EXACT_BELOW ? 'exact-binomial' : 'chi-square') : options.method;
  if (discordant === 0) return { onlyARight: b, onlyBRight: c, statistic: method === 'chi-square' ? 0 : null, p: 1, method };
  if (method === 'exact-binomial') {
    const p = Math.min(1, 2 * binomialCdfAt(Math.min(b, c), discordant, 0.5));
    return { onlyARight: b, onlyBRight: c, statistic: null, p, method };
  }
  const correction = (options.continuityCorrection ?? true) && b !== c ? 1 : 0;
  const statistic = (Math.abs(b - c) - correction) ** 2 / discordant;
  return { onlyARight: b, onlyBRight: c, statistic, p: chiSquareUpperTail(statistic, 1), method };
}

/** Counts the discordant pairs from both classifiers' predicted classes and the true labels. */
export function discordantCounts(
  predictedA: ArrayLike<number>,
  predictedB: ArrayLike<number>,
  labels: ArrayLike<number>,
): DiscordantCounts {
  if (predictedA.length !== labels.length || predictedB.length !== labels.length) {
    throw new Error(
      `predictions and labels differ in length: A ${predictedA.length}, B ${predictedB.length}, labels ${labels.length}`,
    );
  }
  let onlyARight = 0;
  let onlyBRight = 0;
  for (let i = 0; i < labels.length; i++) {
    const aRight = predictedA[i] === labels[i];
    const bRight = predictedB[i] === labels[i];
    if (aRight && !bRight) onlyARight++;
    else if (bRight && !aRight) onlyBRight++;
  }
  return { onlyARight, onlyBRight };
}

export interface CombinedMcNemar {
  perPair: McNemarTest[];
  /**
   * One test on the discordant counts summed over pairs (the Mantel–Haenszel form of McNemar's test
   * stratified by pair). The pairs share the test examples, so this treats repeated discordance on one
   * example as independent evidence; it tells whether one variant errs more often on this test set,
   * while the paired t and Wilcoxon tests over seeds carry the training randomness.
   */
  pooled: McNemarTest;
}

export function combinedMcNemar(pairs: readonly DiscordantCounts[], options: McNemarOptions = {}): CombinedMcNemar {
  const total = pairs.reduce(
    (sum, pair) => ({ onlyARight: sum.onlyARight + pair.onlyARight, onlyBRight: sum.onlyBRight + pair.onlyBRight }),
    { onlyARight: 0, onlyBRight: 0 },
  );
  return { perPair: pairs.map((pair) => mcnemarTest(pair, options)), pooled: mcnemarTest(total, options) };
}
