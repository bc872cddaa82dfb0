import { afterAll, describe, expect, it } from 'vitest';
import { createApiService } from '../../src-main/services/api-service';
import { ApiError } from '../../src-main/services/api-service-types';
import type { StudyDetail } from '../../src-shared/study';
import { tempDir, writeJson } from './cli-helpers';
import { spiralsDropoutTemplate } from './study-fixtures';

const templatesDir = tempDir('layerlab-study-templates-');
writeJson(templatesDir, 'spirals-dropout.json', spiralsDropoutTemplate());
const api = createApiService({ dataDir: tempDir('layerlab-study-api-'), maxParallel: 2, templatesDir, log: () => {} });
afterAll(() => api.close());

async function waitForStudy(studyId: string, timeoutMs = 150_000): Promise<StudyDetail> {
  const started = Date.now();
  for (;;) {
    const detail = await api.handle('studies.get', { studyId });
    if (detail.study.status !== 'running') return detail;
    if (Date.now() - started > timeoutMs) throw new Error(`study ${studyId} still running after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe('studies.* API (real store, real trainer processes, spirals)', () => {
  it('runs a 2-seed study and serves its statistics, curves, weights, norms and report', async () => {
    const start = await api.handle('studies.start', { templateId: 'spirals-dropout', seeds: 2, epochs: 2 });
    expect(start.resumed).toBe(false);
    expect(start.queued).toBe(4);
    expect(start.pending.map((slot) => `${slot.variant}:${slot.seed}`)).toEqual(['dropout:1', 'noDropout:1', 'dropout:2', 'noDropout:2']);

    const detail = await waitForStudy(start.studyId);
    expect(detail.study).toMatchObject({ status: 'completed', runsTotal: 4, runsCompleted: 4, runsFailed: 0, templateId: 'spirals-dropout' });
    expect(detail.runs.every((run) => run.status === 'completed' && run.epochsDone === 2)).toBe(true);

    const stats = detail.statistics!;
    expect(stats.seeds).toEqual([1, 2]);
    expect(stats.variants.dropout.testErrors).toEqual(detail.runs.filter((r) => r.variant === 'dropout').map((r) => r.testErrors));
    expect(stats.mcnemar?.perSeed).toHaveLength(2);
    expect(stats.verdict).toMatch(/paired t over 2 seeds/);
    expect(detail.study.verdict).toBe(stats.verdict);

    for (const variant of ['dropout', 'noDropout'] as const) {
      expect(detail.curves[variant]['epoch/val_loss'].epochs).toHaveLength(2);
      expect(detail.curves[variant]['epoch/train_acc'].count).toEqual([2, 2]);
      expect(detail.weights[variant]).toMatchObject({ nodeId: 'h1', units: 32 });
    }
    // Same seed, same initial weights, different training: the first layers differ after training.
    expect(detail.weights.dropout!.values).not.toEqual(detail.weights.noDropout!.values);
    const norms = detail.weightNorms!;
    expect(norms.counts.dropout.reduce((a, b) => a + b, 0)).toBe(32);
    expect(norms.edges).toHaveLength(norms.counts.noDropout.length + 1);

    const list = await api.handle('studies.list', {});
    expect(list.map((study) => study.id)).toEqual([start.studyId]);

    const report = await api.handle('studies.report', { studyId: start.studyId });
    expect(report.fileName).toMatch(/^layerlab-study-spirals-dropout-[0-9a-f]{8}\.html$/);
    expect(report.html).toContain(stats.verdict.split(',')[0]);
    expect(report.html).not.toMatch(/<script|src="http/);

    const again = await api.handle('studies.start', { templateId: 'spirals-dropout', seeds: 2, epochs: 2 });
    expect(again).toMatchObject({ studyId: start.studyId, resumed: true, pending: [], queued: 0 });
    expect(again.skipped).toHaveLength(4);
  }, 200_000);

  it('names the bad field or the missing study', async () => {
    await expect(api.handle('studies.start', { templateId: 'nope', seeds: 2 })).rejects.toThrow(/templateId: no template "nope"; templates: spirals-dropout/);
    await expect(api.handle('studies.start', { templateId: 'spirals-dropout', seeds: 0 })).rejects.toThrow(/studies.start params.seeds: expected at least 1 seed/);
    const missing = api.handle('studies.get', { studyId: 'no-such-study' });
    await expect(missing).rejects.toBeInstanceOf(ApiError);
    await expect(missing).rejects.toMatchObject({ code: 'not-found' });
  });
});
