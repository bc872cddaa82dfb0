export * from './types';
export { ablateDropout, type Ablation } from './ablation';
export { comparePaired, compareVariants, toStudyStatistics, DROPOUT_ARMS, type PairedOutcome, type StudyPair } from './statistics';
export { pairedVerdict, verdictBasis, mcnemarNote, formatErrors, formatDifference, formatInterval, formatP, type VerdictInput } from './verdict';
export { curveBands } from './curves';
export { unitNorms, weightNormHistogram } from './weight-norms';
export { studyOptionsSchema, parseStudyOptions, StudyOptionsError, MAX_STUDY_SEEDS } from './options';
