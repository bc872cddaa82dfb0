import { backpropRunner } from './backprop';
import { pcaRunner } from './pca';
import { rbmRunner } from './rbm';
import { dbnRunner } from './dbn';
import { autoencoderRunner } from './autoencoder';
import { dbmRunner } from './dbm';
import { dsnRunner } from './dsn';
import { obdRunner } from './obd';
import type { ProcedureRunner } from './types';

/** The engine half of every procedure in src-shared/procedures, by kind. */
export const PROCEDURE_RUNNERS: Readonly<Record<string, ProcedureRunner>> = {
  backprop: backpropRunner,
  pca: pcaRunner,
  rbm: rbmRunner,
  dbn: dbnRunner,
  autoencoder: autoencoderRunner,
  dbm: dbmRunner,
  dsn: dsnRunner,
  obd: obdRunner,
};

export type { ProcedureContext, ProcedureRunner, FinishedMessage } from './types';
export { StageTracker } from './stage-tracker';
export { ArtifactWriter } from './artifact-writer';
