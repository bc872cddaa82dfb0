/**
 * How the store learns where a run's last checkpoint is from without knowing the engine's file format: the
 * services hand it an inspector (services/checkpoint-inspector.ts). Without one, the store keeps no
 * checkpoint rows for runs that end early.
 */
export interface CheckpointInspector {
  /** The checkpoint's file name under artifacts/<runId>/. */
  fileName: string;
  inspect(absolutePath: string): CheckpointGlimpse;
}

export type CheckpointGlimpse =
  | {
      usable: true;
      bytes: number;
      /** Epochs done (fractional) and steps done, and the stage it resumes at; null when unknown (`unknownBecause`). */
      epoch: number | null;
      step: number | null;
      stage: number | null;
      unknownBecause?: string;
    }
  | { usable: false; reason: string };
