import Database from 'better-sqlite3';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { positionFileOf, writeCheckpointFile, type CheckpointContent } from '../../../src-main/engine/checkpoint-file';
import { encodeTensor } from '../../../src-main/engine/tensor-codec';
import { applyMigrations } from '../../../src-main/store/migrate';
import { MIGRATIONS } from '../../../src-main/store/migrations';
import { RunStore } from '../../../src-main/store';
import type { MetricPoint } from '../../../src-shared/api/metrics';
import { newRun, tempDataDir, tinySpec } from './fixtures';
import { openRunStore } from '../../../src-main/services/open-store';

/** A checkpoint as the trainer writes it, `batchesDone` batches into epoch `epochsDone` (10 steps per epoch). */
function writeCheckpoint(store: RunStore, runId: string, epochsDone: number, batchesDone: number): string {
  const content: CheckpointContent = {
    format: 2,
    spec: tinySpec,
    weights: { out: { kernel: encodeTensor(new Float32Array([1, 2, 3, 4]), [2, 2]), bias: encodeTensor(new Float32Array(2), [2]) } },
    checkpoint: {
      format: 1,
      runId,
      savedAt: new Date().toISOString(),
      position: { epochsDone, stepsDone: epochsDone * 10 + batchesDone, stepsPerEpoch: 10, batchesDone, lossSum: 0, correctSum: 0, seen: 0, lastEpochLoss: 0.5 },
      optimizer: { kind: 'sgd', iterations: epochsDone * 10 + batchesDone, slots: {} },
    },
  };
  const file = join(store.artifactDir(runId), 'checkpoint.json');
  writeCheckpointFile(file, content);
  return file;
}

const point = (key: string, step: number, epoch: number): MetricPoint => ({ key, step, epoch, wallMs: step, value: 1 / (step + 1) });

describe('RunStore: checkpoints and resumed runs', () => {
  it('a crashed run keeps its last checkpoint as its checkpoint and its weights, saying when it was saved', () => {
    const store = openRunStore(tempDataDir());
    const run = store.createRun(newRun());
    store.markRunning(run.id, 1234);
    const file = writeCheckpoint(store, run.id, 2, 5);
    store.markCrashed(run.id, 'the trainer process was killed (SIGKILL) during epoch 3');
    const detail = store.getRun(run.id)!;
    const expected = { name: 'checkpoint.json', path: join('artifacts', run.id, 'checkpoint.json'), bytes: readFileSync(file).length, epoch: 2.5, step: 25 };
    expect(detail.artifacts).toMatchObject([
      { kind: 'checkpoint', ...expected },
      { kind: 'weights', ...expected },
    ]);
    expect(detail.run.error).toBe('the trainer process was killed (SIGKILL) during epoch 3');
    store.close();
  });

  it('a stopped run with final weights gets only the checkpoint row; finishing again keeps one checkpoint row', () => {
    const store = openRunStore(tempDataDir());
    const run = store.createRun(newRun());
    store.recordArtifact(run.id, { kind: 'weights', name: 'weights.json', path: join('artifacts', run.id, 'weights.json'), bytes: 10 });
    writeCheckpoint(store, run.id, 1, 0);
    store.finishRun(run.id, 'stopped', { error: 'stopped on request' });
    store.finishRun(run.id, 'stopped', { error: 'stopped on request' });
    expect(store.getRun(run.id)!.artifacts.map((a) => [a.kind, a.epoch, a.step])).toEqual([
      ['weights', null, null],
      ['checkpoint', 1, 10],
    ]);
    store.close();
  });

  it('a completed run, or one without a checkpoint file, gets no checkpoint rows', () => {
    const store = openRunStore(tempDataDir());
    const done = store.createRun(newRun());
    writeCheckpoint(store, done.id, 3, 0);
    store.finishRun(done.id, 'completed', { result: { epochs: 3, finalLoss: 0.1, testLoss: 0.1, testCount: 10, wallMs: 5 } });
    const early = store.createRun(newRun());
    store.markCrashed(early.id, 'killed before its first epoch ended');
    expect(store.getRun(done.id)!.artifacts).toEqual([]);
    expect(store.getRun(early.id)!.artifacts).toEqual([]);
    store.close();
  });

  it('a damaged checkpoint is named in the crashed run\'s error; its metrics stay', () => {
    const store = openRunStore(tempDataDir());
    const run = store.createRun(newRun());
    store.appendMetrics(run.id, [point('train/loss', 0, 0.1)]);
    const file = writeCheckpoint(store, run.id, 1, 0);
    writeFileSync(file, readFileSync(file, 'utf8').slice(0, 100));
    store.markCrashed(run.id, 'the trainer process was killed (SIGKILL) during epoch 2');
    const detail = store.getRun(run.id)!;
    expect(detail.run.status).toBe('crashed');
    expect(detail.run.error).toMatch(
      new RegExp(`^the trainer process was killed \\(SIGKILL\\) during epoch 2; its last checkpoint cannot be used: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not a usable checkpoint: it does not end with its checksum`),
    );
    expect(detail.artifacts).toEqual([]);
    expect(store.countMetrics(run.id)).toBe(1);
    store.close();
  });

  it('a checkpoint without its position file (a crash between the two writes, or an older trainer) is kept, its epoch unknown', () => {
    const store = openRunStore(tempDataDir());
    const stale = store.createRun(newRun());
    const file = writeCheckpoint(store, stale.id, 1, 0);
    const olderPosition = readFileSync(positionFileOf(file), 'utf8');
    writeCheckpoint(store, stale.id, 2, 0);
    writeFileSync(positionFileOf(file), olderPosition);
    store.markCrashed(stale.id, 'the trainer process was killed (SIGKILL) during epoch 3');
    const missing = store.createRun(newRun());
    rmSync(positionFileOf(writeCheckpoint(store, missing.id, 2, 0)));
    store.markCrashed(missing.id, 'the trainer process was killed (SIGKILL) during epoch 3');

    const detail = store.getRun(stale.id)!;
    const unknown = { path: join('artifacts', stale.id, 'checkpoint.json'), bytes: readFileSync(file).length, epoch: null, step: null };
    expect(detail.artifacts).toMatchObject([
      { kind: 'checkpoint', ...unknown },
      { kind: 'weights', ...unknown },
    ]);
    expect(detail.run.error).toBe(
      `the trainer process was killed (SIGKILL) during epoch 3; its last checkpoint was kept, from an unknown epoch: ${positionFileOf(file)} describes an earlier checkpoint`,
    );
    expect(store.getRun(missing.id)!.artifacts.map((a) => [a.kind, a.epoch, a.step])).toEqual([
      ['checkpoint', null, null],
      ['weights', null, null],
    ]);
    expect(store.getRun(missing.id)!.run.error).toMatch(/; its last checkpoint was kept, from an unknown epoch: .*checkpoint\.position\.json cannot be read/);
    store.close();
  });

  it('a resumed run whose start was unknown learns it from its trainer: then it gets the parent\'s training metrics before that step', () => {
    const store = openRunStore(tempDataDir());
    const parent = store.createRun(newRun());
    store.appendMetrics(parent.id, [point('train/loss', 0, 0.1), point('train/loss', 10, 1.1), point('train/loss', 20, 2.1)]);
    const child = store.createRun(newRun({ parentRunId: parent.id }));
    expect(store.getRun(child.id)!.run).toMatchObject({ parentRunId: parent.id, resumedFrom: null, epochsDone: 0 });
    expect(store.countMetrics(child.id)).toBe(0);
    store.recordResumePoint(child.id, { epoch: 1.5, step: 15 });
    expect(store.getRun(child.id)!.run).toMatchObject({ parentRunId: parent.id, resumedFrom: { runId: parent.id, epoch: 1.5, step: 15 }, epochsDone: 1 });
    expect(store.getMetrics(child.id)['train/loss'].map((p) => p.step)).toEqual([0, 10]);
    // Known beforehand, the trainer's report of the same point changes nothing.
    store.recordResumePoint(child.id, { epoch: 1.5, step: 15 });
    expect(store.countMetrics(child.id)).toBe(2);
    store.close();
  });

  it('a resumed run names its parent and where it began, starts with the parent\'s training metrics before that step', () => {
    const store = openRunStore(tempDataDir());
    const parent = store.createRun(newRun());
    store.appendMetrics(parent.id, [
      point('train/loss', 0, 0.1),
      point('train/loss', 10, 1.1),
      point('epoch/train_loss', 9, 1),
      point('train/loss', 20, 2.1),
      point('test/errors', 14, 1.5),
    ]);
    const child = store.createRun(newRun({ resumedFrom: { runId: parent.id, epoch: 1.5, step: 15 } }));
    expect(store.copyMetricsBefore(parent.id, child.id, 15)).toBe(3);
    expect(store.getMetrics(child.id)).toEqual({
      'epoch/train_loss': [{ step: 9, epoch: 1, wallMs: 9, value: 0.1 }],
      'train/loss': [
        { step: 0, epoch: 0.1, wallMs: 0, value: 1 },
        { step: 10, epoch: 1.1, wallMs: 10, value: 1 / 11 },
      ],
    });
    expect(store.getLatestMetrics(child.id)['train/loss']).toEqual({ step: 10, value: 1 / 11 });
    const detail = store.getRun(child.id)!;
    expect(detail.run).toMatchObject({ parentRunId: parent.id, resumedFrom: { runId: parent.id, epoch: 1.5, step: 15 }, epochsDone: 1 });
    expect(store.getSummary(parent.id)!.parentRunId).toBeNull();
    expect(store.getRun(parent.id)!.run.resumedFrom).toBeNull();

    // Deleting the parent keeps the child, which still says where it began.
    store.deleteRun(parent.id);
    expect(store.getRun(child.id)!.run).toMatchObject({ parentRunId: null, resumedFrom: { runId: null, epoch: 1.5, step: 15 } });
    store.close();
  });

  it('migrations from 3 on add the resume columns to a version-2 history, its runs and artifacts unchanged', () => {
    const dir = tempDataDir();
    mkdirSync(join(dir, 'artifacts'), { recursive: true });
    const db = new Database(join(dir, 'history.db'));
    applyMigrations(db, MIGRATIONS.slice(0, 2));
    db.prepare(
      `INSERT INTO runs (id, name, status, spec_json, config_json, dataset_ref_json, dataset_name, seed, app_version, created_at, epochs)
       VALUES ('old', 'n', 'completed', ?, '{}', '{"name":"spirals"}', 'spirals', 1, 'v', '2024-01-01', 3)`,
    ).run(JSON.stringify(tinySpec));
    db.prepare(`INSERT INTO artifacts (run_id, kind, name, path, bytes, created_at) VALUES ('old', 'weights', 'weights.json', 'artifacts/old/weights.json', 5, 'now')`).run();
    db.close();

    const store = openRunStore(dir);
    const detail = store.getRun('old')!;
    expect(detail.run).toMatchObject({ status: 'completed', parentRunId: null, resumedFrom: null });
    expect(detail.artifacts).toMatchObject([{ kind: 'weights', epoch: null, step: null }]);
    store.close();
    const reopened = new Database(join(dir, 'history.db'));
    expect(reopened.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
    reopened.close();
  });
});
