import { afterAll, describe, expect, it } from 'vitest';
import { createApiService } from '../../src-main/services/api-service';
import type { PlanDetail } from '../../src-shared/plans';
import { rejection } from './api-helpers';
import { tempDir } from './cli-helpers';
import { spiralsMaxNormTemplate } from './plan-fixtures';

const api = createApiService({ dataDir: tempDir('layerlab-plans-api-'), maxParallel: 2, templatesDir: tempDir('layerlab-no-templates-'), log: () => {} });
afterAll(() => api.close());

const template = spiralsMaxNormTemplate();
const plan = { kind: 'sweep', grid: [{ path: 'config.learningRate', values: [0.01, 0.05] }], seeds: 1, epochs: 40, trainLimit: 500 } as const;

async function until(planId: string, done: (detail: PlanDetail) => boolean, timeoutMs = 150_000): Promise<PlanDetail> {
  const started = Date.now();
  for (;;) {
    const detail = await api.handle('plans.get', { planId });
    if (done(detail)) return detail;
    if (Date.now() - started > timeoutMs) throw new Error(`plan ${planId}: not there after ${timeoutMs} ms: ${JSON.stringify(detail.plan)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('plans.* API (real store, real trainer processes, spirals)', () => {
  it('starts a sweep of an inline template, stops the whole plan, and continues it from the checkpoints when started again', async () => {
    const preview = await api.handle('plans.preview', { template, plan });
    expect(preview).toMatchObject({ kind: 'sweep', existingPlanId: null, done: 0 });
    expect(preview.slots.map((slot) => slot.key)).toEqual(['g1/s1', 'g2/s1']);

    const start = await api.handle('plans.start', { template, plan });
    expect(start).toMatchObject({ resumed: false, queued: 2, continued: 0 });
    // Both runs past their first epoch's checkpoint, then Stop for the whole plan.
    await until(start.planId, (d) => d.slots.every((slot) => (slot.run?.epochsDone ?? 0) >= 1));
    const running = await api.handle('plans.get', { planId: start.planId });
    expect(running.plan).toMatchObject({ status: 'running', progress: { runsTotal: 2, runsRunning: 2, runsDone: 0 } });
    expect(running.plan.progress.fraction).toBeGreaterThan(0);
    expect(await api.handle('plans.stop', { planId: start.planId })).toEqual({ ok: true });
    const stopped = await until(start.planId, (d) => d.plan.status !== 'running');
    expect(stopped.plan.status).toBe('incomplete');
    expect(stopped.slots.map((slot) => slot.run?.status)).toEqual(['stopped', 'stopped']);

    const again = await api.handle('plans.start', { template, plan });
    expect(again).toMatchObject({ planId: start.planId, resumed: true, queued: 2, continued: 2 });
    const detail = await until(start.planId, (d) => d.plan.status !== 'running');
    expect(detail.plan).toMatchObject({ status: 'completed', runsCompleted: 2, progress: { runsDone: 2, fraction: 1, etaMs: 0 } });
    for (const slot of detail.slots) {
      expect(slot.attempts).toHaveLength(2);
      expect(slot.run).toMatchObject({ status: 'completed', epochsDone: 40, parentRunId: slot.attempts[0] });
    }
    expect(detail.comparison).toBeNull();
    expect(detail.sweep!.rows.map((row) => row.slot).sort()).toEqual(['g1/s1', 'g2/s1']);
    expect(detail.sweep!.bestSlot).toBe(detail.sweep!.rows[0].slot);
    expect(detail.plan.headline).toMatch(/^best: learningRate=0\.0[15], seed 1: test error rate /);
    expect((await api.handle('plans.list', {})).map((p) => p.id)).toEqual([start.planId]);
    // A sweep is not a dropout study.
    expect(await api.handle('studies.list', {})).toEqual([]);
  }, 300_000);

  it('names what is wrong with a plans.start call', async () => {
    expect((await rejection(api.handle('plans.start', { templateId: 'x', template, plan }))).message).toMatch(/plans\.start params\.templateId: expected either templateId .* or template/);
    expect((await rejection(api.handle('plans.start', { templateId: 'nope', plan }))).message).toBe('templateId: no template "nope"; templates: ');
    const badPath = await rejection(api.handle('plans.start', { template, plan: { ...plan, grid: [{ path: 'node.h3.units', values: [4] }] } }));
    expect(badPath.message).toBe('node.h3.units: no node "h3"; nodes: in, h1, h2, out');
    const badValue = await rejection(api.handle('plans.start', { template, plan: { ...plan, grid: [{ path: 'config.batchSize', values: [16, 0] }] } }));
    expect(badValue.message).toMatch(/^batchSize=0: config\.batchSize: /);
    expect((await rejection(api.handle('plans.get', { planId: 'no-such-plan' }))).code).toBe('not-found');
    expect(await api.handle('plans.list', {})).toHaveLength(1);
  });
});
