export * from './types';
export { PROCEDURES, DEFAULT_PROCEDURE, getProcedure, parseProcedure, procedureRefSchema, ProcedureError } from './catalog';
export { PCA_METRIC, type PcaParams } from './pca';
