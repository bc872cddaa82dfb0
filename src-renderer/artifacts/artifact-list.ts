import type { ArtifactInfo, StageInfo } from '../../src-shared/api/run';
import { ARTIFACT_KINDS, type ArtifactKind } from '../../src-shared/procedures/types';

export function isViewable(artifact: Pick<ArtifactInfo, 'kind'>): artifact is ArtifactInfo & { kind: ArtifactKind } {
  return (ARTIFACT_KINDS as readonly string[]).includes(artifact.kind);
}

/** A run's artifacts as stored plus the ones `run.artifact` events announced since (a newer record of an id wins). */
export function mergeArtifacts(stored: readonly ArtifactInfo[], live: readonly ArtifactInfo[] | undefined): ArtifactInfo[] {
  const byId = new Map(stored.map((artifact) => [artifact.id, artifact]));
  for (const artifact of live ?? []) byId.set(artifact.id, artifact);
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

export interface ArtifactGroup {
  stage: number | null;
  label: string;
  artifacts: ArtifactInfo[];
}

/** The viewable artifacts (image grids, scatters, curves, tables) grouped by the stage that saved them, in stage order. */
export function groupByStage(artifacts: readonly ArtifactInfo[], stages: readonly StageInfo[]): ArtifactGroup[] {
  const groups = new Map<number | null, ArtifactInfo[]>();
  for (const artifact of artifacts) {
    if (!isViewable(artifact)) continue;
    const list = groups.get(artifact.stage) ?? [];
    list.push(artifact);
    groups.set(artifact.stage, list);
  }
  return [...groups]
    .sort(([a], [b]) => (a ?? -1) - (b ?? -1))
    .map(([stage, list]) => ({ stage, label: stageLabel(stage, stages), artifacts: list }));
}

export function stageLabel(stage: number | null, stages: readonly StageInfo[]): string {
  if (stage === null) return 'Run';
  const info = stages.find((candidate) => candidate.index === stage);
  const prefix = stages.length > 1 ? `Stage ${stage + 1}/${stages.length}` : `Stage ${stage + 1}`;
  return info ? `${prefix}: ${info.label}` : prefix;
}

/** What changes when an artifact is saved again (same id), so a view knows to fetch its content anew. */
export function artifactVersion(artifact: ArtifactInfo): string {
  return `${artifact.id}:${artifact.createdAt}:${artifact.bytes}`;
}

/**
 * Compare: the artifact names of the compared runs, each with the artifact of every run (null where a run has
 * none of that name), in the order the names first appear.
 */
export function sideBySide(runs: readonly { runId: string; artifacts: readonly ArtifactInfo[] }[]): { name: string; kind: string; cells: (ArtifactInfo | null)[] }[] {
  const names: { name: string; kind: string }[] = [];
  for (const run of runs) {
    for (const artifact of run.artifacts) {
      if (isViewable(artifact) && !names.some((known) => known.name === artifact.name)) names.push({ name: artifact.name, kind: artifact.kind });
    }
  }
  return names.map(({ name, kind }) => ({
    name,
    kind,
    cells: runs.map((run) => [...run.artifacts].reverse().find((artifact) => artifact.name === name && isViewable(artifact)) ?? null),
  }));
}

/** An artifact's name without its file extension ("reconstructions.json" → "reconstructions"). */
export function displayName(artifact: Pick<ArtifactInfo, 'name'>): string {
  return artifact.name.replace(/\.json$/i, '');
}
