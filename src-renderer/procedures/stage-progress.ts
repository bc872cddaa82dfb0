import type { Progress, StageInfo } from '../../src-shared/api/run';
import { formatDuration } from '../lib/format';

/** How far the current stage is, 0–1: by steps when it counts them, else by epochs. */
export function stageFraction(progress: Progress): number {
  if (progress.totalSteps > 0) return clamp01(progress.step / progress.totalSteps);
  return progress.epochs > 0 ? clamp01(progress.epoch / progress.epochs) : 0;
}

/** The whole run's fraction: the trainer's runFraction when it sends one, else the stage's (one-stage runs). */
export function runFraction(progress: Progress): number {
  return progress.runFraction !== undefined ? clamp01(progress.runFraction) : stageFraction(progress);
}

export const isMultiStage = (progress: Progress | undefined): boolean => (progress?.stage?.count ?? 1) > 1;

/**
 * The progress line of a multi-stage run, as parts joined by " · ":
 * "stage 1/2 · Solving for the components · 40% · ETA 12s · run 20% · ETA 50s". Single-stage runs get
 * none (their line shows epochs, throughput and ETA as before).
 */
export function stageProgressParts(progress: Progress): string[] {
  const stage = progress.stage;
  if (!stage || stage.count <= 1) return [];
  const parts = [`stage ${stage.index + 1}/${stage.count}`, stage.label || stage.name, percent(stageFraction(progress))];
  // A stage that cannot tell its time left (a one-shot solve sends 0 before it is done) shows no ETA.
  if (Number.isFinite(progress.etaMs) && progress.etaMs > 0) parts.push(`ETA ${formatDuration(progress.etaMs)}`);
  parts.push(`run ${percent(runFraction(progress))}`);
  if (progress.runEtaMs !== undefined && progress.runEtaMs !== null && Number.isFinite(progress.runEtaMs)) parts.push(`ETA ${formatDuration(progress.runEtaMs)}`);
  return parts;
}

function percent(fraction: number): string {
  return `${Math.floor(fraction * 100)}%`;
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}

/** A run's stages as stored, updated by the live `run.stage` events that arrived since (by index). */
export function mergeStages(stored: readonly StageInfo[], live: readonly StageInfo[] | undefined): StageInfo[] {
  if (!live?.length) return [...stored];
  const byIndex = new Map(stored.map((stage) => [stage.index, stage]));
  for (const stage of live) byIndex.set(stage.index, stage);
  return [...byIndex.values()].sort((a, b) => a.index - b.index);
}

/** "1 / 1 epochs" for an epoch stage; solves and evaluations say "done" or "—" instead of counting. */
export function stageEpochsText(stage: StageInfo): string {
  if (stage.kind !== 'epochs') return stage.status === 'completed' ? 'done' : stage.status === 'running' ? 'running' : '—';
  const done = Number.isInteger(stage.epochsDone) ? String(stage.epochsDone) : stage.epochsDone.toFixed(2);
  return `${done} / ${stage.epochs} epochs`;
}

/**
 * False when a run's stages are known and none is an epoch loop (a PCA run: a solve, then an evaluation): such
 * a run records no loss per step, so its loss and accuracy charts would stay empty. True while nothing is known.
 */
export function hasEpochStages(stages: readonly Pick<StageInfo, 'kind'>[] | undefined): boolean {
  return !stages?.length || stages.some((stage) => stage.kind === 'epochs');
}
