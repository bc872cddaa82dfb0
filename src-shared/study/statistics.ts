import { mean, pairedTTest, sampleSd, wilcoxonSignedRank, combinedMcNemar, type DiscordantCounts } from '../stats';
import type { StudyStatistics, VariantSummary } from './types';
import { studyVerdict } from './verdict';

/** One seed's pair of completed runs. */
export interface StudyPair {
  seed: number;
  dropoutErrors: number;
  noDropoutErrors: number;
  /** From both runs' stored test predictions; absent if either run has none. */
  discordant?: { onlyDropoutRight: number; onlyNoDropoutRight: number };
}

function summarise(testErrors: number[], testCount: number): VariantSummary {
  const sd = sampleSd(testErrors);
  const m = mean(testErrors);
  return { testErrors, mean: m, sd: Number.isNaN(sd) ? null : sd, meanRate: m / testCount };
}

/** Compares the variants over the complete pairs: summaries, paired t, Wilcoxon, McNemar, CI and verdict. */
export function compareVariants(pairs: readonly StudyPair[], testCount: number, epochs: number): StudyStatistics | null {
  if (pairs.length === 0) return null;
  const sorted = [...pairs].sort((a, b) => a.seed - b.seed);
  const dropout = sorted.map((pair) => pair.dropoutErrors);
  const noDropout = sorted.map((pair) => pair.noDropoutErrors);
  const t = pairedTTest(noDropout, dropout);
  const wilcoxon = wilcoxonSignedRank(noDropout, dropout);

  let mcnemar: StudyStatistics['mcnemar'] = null;
  if (sorted.every((pair) => pair.discordant)) {
    const counts: DiscordantCounts[] = sorted.map((pair) => ({
      onlyARight: pair.discordant!.onlyDropoutRight,
      onlyBRight: pair.discordant!.onlyNoDropoutRight,
    }));
    const combined = combinedMcNemar(counts);
    mcnemar = {
      p: combined.pooled.p,
      method: combined.pooled.method,
      onlyDropoutRight: combined.pooled.onlyARight,
      onlyNoDropoutRight: combined.pooled.onlyBRight,
      perSeed: combined.perPair.map((test, i) => ({
        seed: sorted[i].seed,
        onlyDropoutRight: test.onlyARight,
        onlyNoDropoutRight: test.onlyBRight,
        p: test.p,
        method: test.method,
      })),
    };
  }

  return {
    testCount,
    seeds: sorted.map((pair) => pair.seed),
    epochs,
    variants: { dropout: summarise(dropout, testCount), noDropout: summarise(noDropout, testCount) },
    pairedT: { t: t.t, df: t.df, p: t.p },
    wilcoxon,
    mcnemar,
    meanDifference: t.meanDifference,
    ci95: t.ci,
    verdict: studyVerdict({ meanDifference: t.meanDifference, ci95: t.ci, p: t.p, pairs: sorted.length, testCount }),
  };
}
