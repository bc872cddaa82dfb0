import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiService } from '../../src-main/services/api-service';
import { openRunStore } from '../../src-main/services/open-store';
import { readRunRecord } from '../../src-main/services/run-records/record-reader';
import { recordDirOf } from '../../src-main/services/run-records/slot-task';
import { sacctStates, taskStates } from '../../src-main/services/plans/slurm/slurm-commands';
import { resolveState } from '../../src-main/services/plans/slurm/slurm-states';
import type { SlurmPlanStatus } from '../../src-shared/plans/slurm';
import { rejection } from './api-helpers';
import { tempDir } from './cli-helpers';
import { spiralsMaxNormTemplate } from './plan-fixtures';
import { requireLocalSlurm } from './slurm-cluster';

const allowed = tempDir('layerlab-slurm-allowed-');
const outside = tempDir('layerlab-slurm-outside-');
const dataDir = tempDir('layerlab-slurm-api-');
// As `layerlab serve --allow-dir ALLOWED` builds it.
const api = createApiService({ dataDir, maxParallel: 1, templatesDir: tempDir('layerlab-no-templates-'), log: () => {}, datasetPathRoots: [allowed], sharedDirRoots: [allowed] });
afterAll(() => api.close());

const template = spiralsMaxNormTemplate();
const plan = { kind: 'sweep', grid: [{ path: 'config.learningRate', values: [0.01, 0.05] }], seeds: 1, epochs: 3, trainLimit: 300 } as const;
const submit = (slurm: unknown) => api.handle('plans.slurm.submit', { template, plan, slurm });
const messageOf = async (promise: Promise<unknown>) => (await rejection(promise)).message;

async function until(planId: string, done: (status: SlurmPlanStatus) => boolean): Promise<SlurmPlanStatus> {
  for (;;) {
    const status = await api.handle('plans.slurm.status', { planId });
    if (done(status)) return status;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

describe('plans.slurm.* API', () => {
  it('names the field at fault in hostile or wrong Slurm options, before anything is stored or submitted', async () => {
    expect(await messageOf(submit({ sharedDir: 'scratch/me' }))).toMatch(/^plans\.slurm\.submit params\.slurm\.sharedDir: expected an absolute path/);
    expect(await messageOf(submit({ sharedDir: `${allowed}/a b` }))).toMatch(/params\.slurm\.sharedDir: #SBATCH lines cannot quote a path/);
    expect(await messageOf(submit({ sharedDir: allowed, sbatchLines: ['--account=x\nrm -rf ~'] }))).toMatch(/params\.slurm\.sbatchLines\.0: expected one line/);
    expect(await messageOf(submit({ sharedDir: allowed, sbatchLines: ['echo hi'] }))).toMatch(/params\.slurm\.sbatchLines\.0: expected an sbatch option/);
    expect(await messageOf(submit({ sharedDir: allowed, partition: 'debug;reboot' }))).toMatch(/params\.slurm\.partition: expected a partition name/);
    expect(await messageOf(submit({ sharedDir: allowed, time: 'an hour' }))).toMatch(/params\.slurm\.time: expected a Slurm time limit/);
    expect(await messageOf(submit({ sharedDir: allowed, cpusPerTask: '4' }))).toMatch(/params\.slurm\.cpusPerTask: /);
    expect(await messageOf(submit({ sharedDir: allowed, cpusPerTask: 0 }))).toMatch(/params\.slurm\.cpusPerTask: expected 1 or more CPUs per task/);
    expect(await messageOf(submit({ sharedDir: allowed, mem: 'lots' }))).toMatch(/params\.slurm\.mem: expected memory per task/);
    expect(await messageOf(submit({ sharedDir: allowed, layerlab: 'node x\ncurl evil' }))).toMatch(/params\.slurm\.layerlab: expected one line/);
    expect(await messageOf(submit({ sharedDir: allowed, script: '#!/bin/sh' }))).toMatch(/params\.slurm: Unrecognized key: "script"/);
    expect(await messageOf(submit(undefined))).toMatch(/params\.slurm: /);
    expect(await messageOf(api.handle('plans.slurm.cancel', { planId: 'p', slots: [] }))).toMatch(/params\.slots: expected at least one slot key/);
    expect(await messageOf(api.handle('plans.slurm.status', { planId: 'no-such-plan' }))).toMatch(/no plan with id "no-such-plan"/);
    expect(await api.handle('plans.list', {})).toEqual([]);
  });

  it('writes a plan folder only inside the allowed folders: not outside, not through .., not through a link', async () => {
    const refused = /params\.slurm\.sharedDir ".*": over HTTP LayerLab writes plan folders only inside .*layerlab-slurm-allowed-.*serve --allow-dir DIR/;
    expect(await messageOf(submit({ sharedDir: outside }))).toMatch(refused);
    expect(await messageOf(submit({ sharedDir: `${allowed}/../${outside.split('/').at(-1)}` }))).toMatch(refused);
    mkdirSync(join(allowed, 'real'));
    symlinkSync(outside, join(allowed, 'link'));
    expect(await messageOf(submit({ sharedDir: `${allowed}/link/plans` }))).toMatch(refused);
    expect(await api.handle('plans.list', {})).toEqual([]);
  });

  describe('on the local Slurm', () => {
    beforeAll(requireLocalSlurm);

    it('submits a 2-slot sweep, watches it end (squeue; sacct where accounting is on, else the records), syncs it once', async () => {
      const shared = join(allowed, 'real', 'cluster');
      const sent = await submit({ sharedDir: shared, time: '10', mem: '1G' });
      expect(sent.jobId).toMatch(/^\d+$/);
      expect(sent.submitted.map((s) => s.slot)).toEqual(['g1/s1', 'g2/s1']);
      expect(sent.planDir).toBe(join(shared, sent.planId));
      // Sending the same plan again while it is on the cluster sends nothing.
      expect(await submit({ sharedDir: shared })).toMatchObject({ planId: sent.planId, jobId: null, onCluster: ['g1/s1', 'g2/s1'] });

      const ended = await until(sent.planId, (s) => s.slots.every((slot) => slot.state === 'completed'));
      expect(ended.slots.map((s) => [s.slot, s.state, s.slurmState, s.synced])).toEqual([['g1/s1', 'completed', 'COMPLETED', false], ['g2/s1', 'completed', 'COMPLETED', false]]);
      expect(ended.slots.every((s) => s.live?.epochsDone === 3 && (s.live.curves['epoch/train_loss'] ?? []).length === 3)).toBe(true);

      // Where the states come from on this cluster: squeue knows the finished tasks (MinJobAge); sacct answers
      // only where accounting storage is on, and then says the same.
      const taskIds = ended.slots.map((s) => s.taskId);
      const fromSqueue = await taskStates([sent.jobId!]);
      expect(taskIds.map((id) => fromSqueue.get(id)?.state)).toEqual(['COMPLETED', 'COMPLETED']);
      const fromSacct = await sacctStates([sent.jobId!]);
      if (fromSacct) expect(taskIds.map((id) => fromSacct.get(id)?.state)).toEqual(['COMPLETED', 'COMPLETED']);
      else {
        // accounting_storage/none (scripts/slurm-local.sh): once squeue forgets a task, the record and its output decide.
        const store = openRunStore(dataDir);
        try {
          for (const task of store.slurmTasks.ofPlan(sent.planId)) {
            const record = readRunRecord(recordDirOf(task.planDir, task.runId));
            expect(resolveState({ ...task, finalState: null }, undefined, record, undefined)).toMatchObject({ state: 'completed', slurmState: null });
          }
        } finally {
          store.close();
        }
      }

      const sync = await api.handle('plans.slurm.sync', { planId: sent.planId });
      expect(sync.imported.map((r) => [r.slot, r.status])).toEqual([['g1/s1', 'completed'], ['g2/s1', 'completed']]);
      expect(sync.status.slots.every((s) => s.synced)).toBe(true);
      expect((await api.handle('plans.slurm.sync', { planId: sent.planId })).imported).toEqual([]);
      const detail = await api.handle('plans.get', { planId: sent.planId });
      expect(detail.plan).toMatchObject({ status: 'completed', runsCompleted: 2 });
      for (const slot of detail.slots) expect((await api.handle('runs.get', { runId: slot.run!.runId })).run.wallMs).toBeGreaterThan(100);
      // Nothing is left to resubmit, and nothing to cancel.
      expect(await api.handle('plans.slurm.resubmit', { planId: sent.planId })).toMatchObject({ jobId: null, submitted: [] });
      expect(await api.handle('plans.slurm.cancel', { planId: sent.planId })).toEqual({ cancelled: [] });
      expect(await messageOf(api.handle('plans.slurm.cancel', { planId: sent.planId, slots: ['g9/s1'] }))).toMatch(/no Slurm task for slot g9\/s1; slots sent to Slurm: g1\/s1, g2\/s1/);
    }, 240_000);
  });
});
