import type { StudyDetail } from '../../../src-shared/study';

/** The study's result as one JSON object, the last line `layerlab study --json` prints. */
export function studyResultJson(detail: StudyDetail, wallMs: number) {
  const stats = detail.statistics;
  const variant = (name: 'dropout' | 'noDropout') => {
    const summary = stats?.variants[name];
    return summary ? { testErrors: summary.testErrors, mean: summary.mean, sd: summary.sd, meanRate: summary.meanRate } : null;
  };
  return {
    studyId: detail.study.id,
    status: detail.study.status,
    runsCompleted: detail.study.runsCompleted,
    runsTotal: detail.study.runsTotal,
    seeds: stats?.seeds ?? [],
    variants: { dropout: variant('dropout'), noDropout: variant('noDropout') },
    pairedT: stats?.pairedT ?? null,
    wilcoxon: stats ? { statistic: stats.wilcoxon.statistic, p: stats.wilcoxon.p, method: stats.wilcoxon.method } : null,
    mcnemar: stats?.mcnemar ? { p: stats.mcnemar.p, method: stats.mcnemar.method, perSeed: stats.mcnemar.perSeed } : null,
    meanDifference: stats?.meanDifference ?? null,
    ci95: stats?.ci95 ?? null,
    verdict: stats?.verdict ?? null,
    testCount: stats?.testCount ?? null,
    epochs: detail.study.options.epochs ?? null,
    wallMs,
  };
}
