import type { z } from 'zod';

/**
 * A training procedure: what one run does, made of stages. `backprop` (one fit) is the default; the classic
 * methods (PCA, RBM stacks, DBMs, pruning, stacked modules) are other kinds. This file says what a
 * procedure is; src-main/engine/procedures/<kind>.ts says how it runs. Data only: no functions in params.
 */
export interface ProcedureDef<P extends Record<string, unknown> = Record<string, unknown>> {
  kind: string;
  label: string;
  description: string;
  /** Params with defaults; `parse({})` gives the defaults. Strict: an unknown field is an error. */
  params: z.ZodType<P, unknown>;
  /** The stages a run of this procedure goes through, in order, for these params and the run's config. */
  stages(params: P, config: { epochs: number }): StageDef[];
  /** Metric keys the procedure records beyond the backprop ones (charts read them). */
  metricKeys: readonly string[];
  /** The figures a finished run reports (CLI, run view), in order; the first is its headline. */
  results: readonly { key: string; label: string }[];
  /** Charts of a run of this procedure, beside or instead of the loss/accuracy charts. */
  panels: readonly ChartPanelDef[];
  /** Artifact kinds a run produces. */
  artifactKinds: readonly ArtifactKind[];
  /** False for procedures that learn without labels (PCA, an autoencoder): the network's output is not checked against classes. */
  supervised: boolean;
  /** Checks the network fits the procedure; returns messages that name the node at fault (empty: fits). */
  checkNetwork?(network: NetworkOutline): string[];
}

/**
 * A stage: an epoch loop with a step function, a one-shot solve, or an evaluation. Its metric points,
 * artifacts, progress and checkpoints carry its index; its step counter may start again at 0.
 */
export interface StageDef {
  name: string;
  label: string;
  kind: 'epochs' | 'solve' | 'evaluate';
  /** Epochs of an 'epochs' stage; 1 for the others (they report progress as a fraction). */
  epochs: number;
}

export interface ChartPanelDef {
  id: string;
  title: string;
  yLabel: string;
  curves: readonly { key: string; label: string; style: 'train' | 'val' | 'val-second' | 'step' }[];
}

export const ARTIFACT_KINDS = ['image-grid', 'scatter', 'curve', 'table'] as const;
export type ArtifactKind = (typeof ARTIFACT_KINDS)[number];

/** What a procedure's network check sees: the layers in topological order with their output shapes. */
export interface NetworkOutline {
  inputShape: number[];
  nodes: { id: string; kind: string; params: Record<string, unknown>; outputShape: number[] | null; inputs: string[] }[];
  outputId: string | null;
}

/** A run's procedure as requested and stored: its kind and its params (defaults filled in by parseProcedure). */
export interface ProcedureRef {
  kind: string;
  params: Record<string, unknown>;
}
