import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openRunStore } from '../../src-main/services/open-store';
import { importRunRecord } from '../../src-main/services/run-records/import-record';
import { readRunRecord } from '../../src-main/services/run-records/record-reader';
import { RunRecordWriter } from '../../src-main/services/run-records/record-writer';
import { tempDir } from './cli-helpers';
import { spiralsMaxNormTemplate } from './plan-fixtures';

const store = openRunStore(tempDir('layerlab-record-import-'));
afterAll(() => store.close());

/** A record as a Slurm task leaves it when scancel interrupts it: two epochs of metrics, no result. */
function interruptedRecord(dir: string, runId: string): void {
  const template = spiralsMaxNormTemplate();
  const writer = new RunRecordWriter(dir, {
    format: 1, runId, name: 'cancelled slot', planId: null, slot: { key: 'g1/s1', arm: 'g1', seed: 1 }, tags: [],
    spec: template.spec, config: { ...template.config, seed: 1, epochs: 25 }, dataset: { name: 'spirals' }, procedure: { kind: 'backprop' }, stages: [],
    params: {}, appVersion: 'test', host: 'node1', createdAt: new Date().toISOString(),
  });
  for (const epoch of [1, 2]) writer.handle({ type: 'metrics', runId, points: [{ key: 'epoch/train_loss', stage: 0, step: epoch * 10, epoch, wallMs: epoch * 1000, value: 1 / epoch }] });
  writer.end('interrupted', 'Slurm sent SIGTERM (scancel, or the task reached its time limit) during epoch 3; 2 metric points were saved');
}

describe('importing a run record (real SQLite)', () => {
  it('gives an interrupted task the wall time between its record\'s start and end, not the moment of the import', () => {
    const runId = '5f0c2b1e-0000-4000-8000-00000000c0de';
    const dir = join(tempDir('layerlab-record-'), runId);
    interruptedRecord(dir, runId);
    // The task ran 83.5 s on its node before scancel; the sync happens minutes later on another machine.
    const statusFile = join(dir, 'status.json');
    const status = JSON.parse(readFileSync(statusFile, 'utf8'));
    const endedAt = Date.parse(status.endedAt);
    status.startedAt = new Date(endedAt - 83_500).toISOString();
    writeFileSync(statusFile, JSON.stringify(status));

    const plan = store.studies.create({ name: 'p', key: 'k', templateId: 't', template: {}, options: {}, spec: spiralsMaxNormTemplate().spec, config: {} });
    const record = readRunRecord(dir)!;
    expect(importRunRecord(store, record, { status: 'stopped', error: 'cancelled on Slurm (scancel) during epoch 3 of 25' }, { planId: plan.id, arm: 'g1', seed: 1 })).toBe(true);

    const run = store.getSummary(runId)!;
    expect(run.status).toBe('stopped');
    expect(run.wallMs).toBe(83_500);
    expect(run.startedAt).toBe(status.startedAt);
    expect(run.endedAt).toBe(status.endedAt);
    expect(run.epochsDone).toBe(2);
    // Importing again changes nothing.
    expect(importRunRecord(store, record, { status: 'stopped', error: null }, { planId: plan.id, arm: 'g1', seed: 1 })).toBe(false);
    expect(store.getSummary(runId)!.wallMs).toBe(83_500);
  });
});
