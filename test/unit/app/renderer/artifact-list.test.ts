import { describe, expect, it } from 'vitest';
import type { ArtifactInfo, StageInfo } from '../../../../src-shared/api/run';
import { artifactVersion, groupByStage, isViewable, mergeArtifacts, sideBySide, stageLabel } from '../../../../src-renderer/artifacts/artifact-list';
import { hasLossCharts } from '../../../../src-renderer/procedures/procedure-result';

const artifact = (id: number, kind: string, name: string, stage: number | null): ArtifactInfo => ({ id, kind, name, path: `artifacts/r/${name}.json`, bytes: 100, createdAt: '2026-01-01T00:00:00Z', epoch: null, step: null, stage });
const stages: StageInfo[] = [
  { index: 0, name: 'fit', label: 'Solving for the components', kind: 'solve', epochs: 1, status: 'completed', epochsDone: 1, startedAt: null, endedAt: null },
  { index: 1, name: 'evaluate', label: 'Reconstructing train and test', kind: 'evaluate', epochs: 1, status: 'completed', epochsDone: 1, startedAt: null, endedAt: null },
];

describe('the run view’s artifact list', () => {
  it('shows only viewable kinds, grouped by the stage that saved them, labelled with the stage', () => {
    const list = [artifact(1, 'weights', 'weights', null), artifact(2, 'image-grid', 'reconstructions', 1), artifact(3, 'scatter', 'codes', 1), artifact(4, 'curve', 'spectrum', 0), artifact(5, 'checkpoint', 'checkpoint', 0)];
    expect(list.filter(isViewable).map((a) => a.name)).toEqual(['reconstructions', 'codes', 'spectrum']);
    const groups = groupByStage(list, stages);
    expect(groups.map((g) => [g.label, g.artifacts.map((a) => a.name)])).toEqual([
      ['Stage 1/2: Solving for the components', ['spectrum']],
      ['Stage 2/2: Reconstructing train and test', ['reconstructions', 'codes']],
    ]);
    expect(stageLabel(null, stages)).toBe('Run');
    expect(stageLabel(3, [])).toBe('Stage 4');
  });

  it('adds artifacts announced live, a newer record of the same id replacing the stored one', () => {
    const stored = [artifact(2, 'image-grid', 'reconstructions', 1)];
    const resaved = { ...artifact(2, 'image-grid', 'reconstructions', 1), bytes: 200 };
    const merged = mergeArtifacts(stored, [artifact(3, 'scatter', 'codes', 1), resaved]);
    expect(merged.map((a) => [a.id, a.bytes])).toEqual([
      [2, 200],
      [3, 100],
    ]);
    expect(artifactVersion(resaved)).not.toBe(artifactVersion(stored[0]));
  });

  it('puts artifacts of the same name side by side in Compare, with a gap where a run has none', () => {
    const rows = sideBySide([
      { runId: 'a', artifacts: [artifact(1, 'image-grid', 'reconstructions', 1), artifact(2, 'scatter', 'codes', 1)] },
      { runId: 'b', artifacts: [artifact(7, 'image-grid', 'reconstructions', 1), artifact(8, 'weights', 'weights', null)] },
    ]);
    expect(rows.map((row) => [row.name, row.cells.map((cell) => cell?.id ?? null)])).toEqual([
      ['reconstructions', [1, 7]],
      ['codes', [2, null]],
    ]);
  });

  it('hides the loss charts of procedures that train no loss (PCA) and keeps them for backprop', () => {
    expect(hasLossCharts(undefined)).toBe(true);
    expect(hasLossCharts({ kind: 'backprop', params: {} })).toBe(true);
    expect(hasLossCharts({ kind: 'pca', params: {} })).toBe(false);
  });
});
