export { mean, sampleSd, pairedDifferences } from './descriptive';
export { pairedTTest, type PairedTTest } from './paired-t';
export { wilcoxonSignedRank, WILCOXON_EXACT_BELOW, type WilcoxonSignedRank } from './wilcoxon';
export {
  mcnemarTest,
  discordantCounts,
  combinedMcNemar,
  MCNEMAR_EXACT_BELOW,
  type McNemarTest,
  type McNemarOptions,
  type DiscordantCounts,
  type CombinedMcNemar,
} from './mcnemar';
export { averageRanks } from './ranks';
