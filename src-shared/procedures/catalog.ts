import { z } from 'zod';
import { describeZodIssues } from '../util/zod-issues';
import { backprop } from './backprop';
import { pca } from './pca';
import { rbm } from './rbm';
import { dbn } from './dbn';
import { autoencoder } from './autoencoder';
import { dbm } from './dbm';
import { dsn } from './dsn';
import { obd } from './obd';
import type { ProcedureDef, ProcedureRef } from './types';

/** Every procedure kind, one file each; the editor, CLI, engine and store all read this one registry. */
export const PROCEDURES: readonly ProcedureDef[] = [
  backprop,
  pca as unknown as ProcedureDef,
  rbm as unknown as ProcedureDef,
  dbn as unknown as ProcedureDef,
  autoencoder as unknown as ProcedureDef,
  dbm as unknown as ProcedureDef,
  dsn as unknown as ProcedureDef,
  obd as unknown as ProcedureDef,
];

export const DEFAULT_PROCEDURE = 'backprop';

export function getProcedure(kind: string): ProcedureDef | undefined {
  return PROCEDURES.find((def) => def.kind === kind);
}

export class ProcedureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProcedureError';
  }
}

export const procedureRefSchema = z
  .object({
    kind: z.string().min(1),
    params: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

/**
 * A procedure request (absent: backprop) with its params checked and defaults filled in. Throws
 * ProcedureError naming the kind or the param at fault.
 */
export function parseProcedure(input: unknown, where = 'procedure'): ProcedureRef {
  if (input === undefined || input === null) return { kind: DEFAULT_PROCEDURE, params: {} };
  const ref = procedureRefSchema.safeParse(input);
  if (!ref.success) throw new ProcedureError(describeZodIssues(ref.error.issues, where));
  const def = getProcedure(ref.data.kind);
  if (!def) {
    throw new ProcedureError(`${where}.kind: unknown procedure "${ref.data.kind}"; known: ${PROCEDURES.map((known) => known.kind).join(', ')}`);
  }
  const params = def.params.safeParse(ref.data.params);
  if (!params.success) throw new ProcedureError(describeZodIssues(params.error.issues, `${where}.params`));
  return { kind: def.kind, params: params.data };
}
