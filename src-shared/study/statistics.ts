import { mean, pairedTTest, sampleSd, wilcoxonSignedRank, combinedMcNemar, type DiscordantCounts } from '../stats';
import type { ArmSummary, PairedArmRef, PairedStatistics } from '../plans/types';
import type { StudyStatistics, VariantSummary } from './types';
import { mcnemarNote, pairedVerdict, verdictBasis } from './verdict';

/** One seed's pair of completed runs of arms A and B. */
export interface PairedOutcome {
  seed: number;
  aErrors: number;
  bErrors: number;
  /** From both runs' stored test predictions; absent if either run has none. */
  discordant?: DiscordantCounts;
}

function summarise(testErrors: number[], testCount: number): ArmSummary {
  const sd = sampleSd(testErrors);
  const m = mean(testErrors);
  return { testErrors, mean: m, sd: Number.isNaN(sd) ? null : sd, meanRate: m / testCount };
}

/**
 * Compares arm A with arm B over the complete pairs: summaries, paired t and Wilcoxon on A − B, the pooled
 * McNemar, the CI and the verdict (which rests on the paired t). Null without pairs.
 */
export function comparePaired(
  pairs: readonly PairedOutcome[],
  testCount: number,
  epochs: number,
  arms: { a: PairedArmRef; b: PairedArmRef },
): PairedStatistics | null {
  if (pairs.length === 0) return null;
  const sorted = [...pairs].sort((x, y) => x.seed - y.seed);
  const a = sorted.map((pair) => pair.aErrors);
  const b = sorted.map((pair) => pair.bErrors);
  const t = pairedTTest(a, b);
  const wilcoxon = wilcoxonSignedRank(a, b);

  let mcnemar: PairedStatistics['mcnemar'] = null;
  if (sorted.every((pair) => pair.discordant)) {
    const combined = combinedMcNemar(sorted.map((pair) => pair.discordant!));
    mcnemar = {
      p: combined.pooled.p,
      method: combined.pooled.method,
      onlyARight: combined.pooled.onlyARight,
      onlyBRight: combined.pooled.onlyBRight,
      perSeed: combined.perPair.map((test, i) => ({ seed: sorted[i].seed, onlyARight: test.onlyARight, onlyBRight: test.onlyBRight, p: test.p, method: test.method })),
    };
  }
  const labels = { a: arms.a.label, b: arms.b.label };
  return {
    testCount,
    seeds: sorted.map((pair) => pair.seed),
    epochs,
    arms: { a: { ...arms.a, ...summarise(a, testCount) }, b: { ...arms.b, ...summarise(b, testCount) } },
    differenceOf: `${labels.a} − ${labels.b}`,
    pairedT: { t: t.t, df: t.df, p: t.p },
    wilcoxon,
    mcnemar,
    meanDifference: t.meanDifference,
    ci95: t.ci,
    verdict: pairedVerdict({ ...labels, meanDifference: t.meanDifference, ci95: t.ci, p: t.p, pairs: sorted.length, testCount }),
    verdictBasis: verdictBasis({ ...labels, pairs: sorted.length }),
    mcnemarNote: mcnemar && mcnemarNote({ ...labels, mcnemarP: mcnemar.p, onlyARight: mcnemar.onlyARight, onlyBRight: mcnemar.onlyBRight, pairedP: t.p }),
  };
}

/** One seed's pair of a dropout study: the template (A) and its ablation without dropout (B). */
export interface StudyPair {
  seed: number;
  dropoutErrors: number;
  noDropoutErrors: number;
  discordant?: { onlyDropoutRight: number; onlyNoDropoutRight: number };
}

export const DROPOUT_ARMS = { a: { key: 'dropout', label: 'dropout' }, b: { key: 'noDropout', label: 'no dropout' } } as const;

/** The dropout study's statistics in the studies.* shape (variants dropout and noDropout), from comparePaired. */
export function toStudyStatistics(stats: PairedStatistics | null): StudyStatistics | null {
  if (!stats) return null;
  const variant = ({ testErrors, mean: m, sd, meanRate }: ArmSummary): VariantSummary => ({ testErrors, mean: m, sd, meanRate });
  return {
    testCount: stats.testCount,
    seeds: stats.seeds,
    epochs: stats.epochs,
    variants: { dropout: variant(stats.arms.a), noDropout: variant(stats.arms.b) },
    pairedT: stats.pairedT,
    wilcoxon: stats.wilcoxon,
    mcnemar: stats.mcnemar && {
      p: stats.mcnemar.p,
      method: stats.mcnemar.method,
      onlyDropoutRight: stats.mcnemar.onlyARight,
      onlyNoDropoutRight: stats.mcnemar.onlyBRight,
      perSeed: stats.mcnemar.perSeed.map((s) => ({ seed: s.seed, onlyDropoutRight: s.onlyARight, onlyNoDropoutRight: s.onlyBRight, p: s.p, method: s.method })),
    },
    differenceOf: stats.differenceOf,
    meanDifference: stats.meanDifference,
    ci95: stats.ci95,
    verdict: stats.verdict,
    verdictBasis: stats.verdictBasis,
    mcnemarNote: stats.mcnemarNote,
  };
}

/** Compares the dropout study's variants over the complete pairs (differences dropout − no dropout). */
export function compareVariants(pairs: readonly StudyPair[], testCount: number, epochs: number): StudyStatistics | null {
  const outcomes = pairs.map((pair) => ({
    seed: pair.seed,
    aErrors: pair.dropoutErrors,
    bErrors: pair.noDropoutErrors,
    discordant: pair.discordant && { onlyARight: pair.discordant.onlyDropoutRight, onlyBRight: pair.discordant.onlyNoDropoutRight },
  }));
  return toStudyStatistics(comparePaired(outcomes, testCount, epochs, DROPOUT_ARMS));
}
