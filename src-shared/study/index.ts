export * from './types';
export { ablateDropout, type Ablation } from './ablation';
export { compareVariants, type StudyPair } from './statistics';
export { studyVerdict, formatErrors, formatP, type VerdictInput } from './verdict';
export { curveBands } from './curves';
export { unitNorms, weightNormHistogram } from './weight-norms';
export { studyOptionsSchema, parseStudyOptions, StudyOptionsError, MAX_STUDY_SEEDS } from './options';
