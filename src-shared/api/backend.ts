/** Which compute backend a trainer used (the schema and its fields: records.ts). */
export type { BackendInfo } from './records';
