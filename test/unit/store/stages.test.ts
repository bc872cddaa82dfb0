import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newRun, tempDataDir } from './fixtures';
import { openRunStore } from '../../../src-main/services/open-store';

const FIXTURE = join(import.meta.dirname, '..', '..', 'fixtures', 'history-0.1.0');

describe('RunStore: procedures and stages', () => {
  it('keeps the points of a stage whose steps start again at 0, in (stage, step) order; the latest value is the last stage\'s', () => {
    const store = openRunStore(tempDataDir());
    const run = store.createRun(newRun());
    store.appendMetrics(run.id, [
      { key: 'loss', step: 0, epoch: 1, wallMs: 1, value: 3 },
      { key: 'loss', step: 1, epoch: 2, wallMs: 2, value: 2 },
      { key: 'loss', stage: 1, step: 0, epoch: 1, wallMs: 3, value: 9 },
    ]);
    store.appendMetrics(run.id, [{ key: 'loss', stage: 1, step: 1, epoch: 2, wallMs: 4, value: 8 }]);
    expect(store.getMetrics(run.id).loss).toEqual([
      { step: 0, epoch: 1, wallMs: 1, value: 3 },
      { step: 1, epoch: 2, wallMs: 2, value: 2 },
      { stage: 1, step: 0, epoch: 1, wallMs: 3, value: 9 },
      { stage: 1, step: 1, epoch: 2, wallMs: 4, value: 8 },
    ]);
    expect(store.getLatestMetrics(run.id).loss).toEqual({ step: 1, value: 8 });
    // A late point of an earlier stage does not replace the latest value.
    store.appendMetrics(run.id, [{ key: 'loss', step: 5, epoch: 3, wallMs: 5, value: 1 }]);
    expect(store.getLatestMetrics(run.id).loss.value).toBe(8);
    store.close();
  });

  it('plans a run\'s stages, records their begin and end, and closes a running stage when the run fails', () => {
    const store = openRunStore(tempDataDir());
    const run = store.createRun(
      newRun({
        procedure: { kind: 'pca', params: { reconstructionImages: 4, scatterPoints: 10 } },
        stages: [
          { name: 'fit', label: 'Solving', kind: 'solve', epochs: 1 },
          { name: 'evaluate', label: 'Evaluating', kind: 'evaluate', epochs: 1 },
        ],
      }),
    );
    expect(store.getRun(run.id)!.stages.map((stage) => stage.status)).toEqual(['pending', 'pending']);
    store.stages.begin(run.id, 0);
    store.stages.end(run.id, 0, 'completed', 1);
    store.stages.begin(run.id, 1);
    store.finishRun(run.id, 'failed', { error: 'boom' });
    const detail = store.getRun(run.id)!;
    expect(detail.procedure).toEqual({ kind: 'pca', params: { reconstructionImages: 4, scatterPoints: 10 } });
    expect(detail.stages).toMatchObject([
      { index: 0, name: 'fit', status: 'completed', epochsDone: 1 },
      { index: 1, name: 'evaluate', status: 'failed' },
    ]);
    expect(detail.stages[1].endedAt).not.toBeNull();
    const artifact = store.recordArtifact(run.id, { kind: 'curve', name: 'c.json', path: `artifacts/${run.id}/c.json`, bytes: 3, stage: 1 });
    expect(store.getArtifact(run.id, artifact.id)).toMatchObject({ kind: 'curve', stage: 1 });
    expect(store.getArtifact('another-run', artifact.id)).toBeUndefined();
    store.close();
  });

  it('a run resumed at stage 1 gets its parent\'s stage-0 points and stage-0 artifacts, not the later ones', () => {
    const dir = tempDataDir();
    const store = openRunStore(dir);
    const parent = store.createRun(newRun());
    store.appendMetrics(parent.id, [
      { key: 'a', step: 0, epoch: 1, wallMs: 1, value: 1 },
      { key: 'a', step: 1, epoch: 1, wallMs: 1, value: 2 },
      { key: 'b', stage: 1, step: 0, epoch: 1, wallMs: 1, value: 3 },
    ]);
    mkdirSync(store.artifactDir(parent.id), { recursive: true });
    writeFileSync(join(store.artifactDir(parent.id), 'curve.json'), '{"kind":"curve"}');
    writeFileSync(join(store.artifactDir(parent.id), 'grid.json'), '{"kind":"image-grid"}');
    store.recordArtifact(parent.id, { kind: 'curve', name: 'curve.json', path: `artifacts/${parent.id}/curve.json`, bytes: 16, stage: 0 });
    store.recordArtifact(parent.id, { kind: 'image-grid', name: 'grid.json', path: `artifacts/${parent.id}/grid.json`, bytes: 21, stage: 1 });
    const child = store.createRun(newRun({ parentRunId: parent.id }));
    store.recordResumePoint(child.id, { epoch: 0, step: 0, stage: 1 });
    expect(Object.keys(store.getMetrics(child.id))).toEqual(['a']);
    expect(store.getMetrics(child.id).a).toHaveLength(2);
    const artifacts = store.getRun(child.id)!.artifacts;
    expect(artifacts.map((artifact) => [artifact.name, artifact.stage])).toEqual([['curve.json', 0]]);
    expect(readFileSync(join(dir, artifacts[0].path), 'utf8')).toBe('{"kind":"curve"}');
    store.close();
  });

  it('opens a history written by LayerLab 0.1.0: its runs are backprop runs with their metrics, no stages', () => {
    const dir = tempDataDir();
    cpSync(FIXTURE, dir, { recursive: true });
    const store = openRunStore(dir);
    const runs = store.listRuns();
    expect(runs).toHaveLength(5);
    for (const run of runs) {
      const detail = store.getRun(run.id)!;
      expect(run.status).toBe('completed');
      expect(detail.procedure).toEqual({ kind: 'backprop', params: {} });
      expect(detail.stages).toEqual([]);
      expect(detail.artifacts.map((artifact) => [artifact.kind, artifact.stage])).toEqual([
        ['weights', null],
        ['predictions', null],
      ]);
      const series = store.getMetrics(run.id);
      expect(series['epoch/train_loss']).toHaveLength(2);
      expect(series['train/loss'].every((point) => point.stage === undefined)).toBe(true);
    }
    store.close();
  });
});
