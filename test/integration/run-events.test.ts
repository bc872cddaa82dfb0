import { afterAll, describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../src-shared/api/contract';
import { createApiService } from '../../src-main/services/api-service';
import template from '../../resources/templates/spirals-mlp.json' with { type: 'json' };
import { finished } from './api-helpers';
import { tempDir } from './cli-helpers';

const api = createApiService({ dataDir: tempDir('layerlab-events-'), maxParallel: 1 });
afterAll(() => api.close());

describe('a run status change carries the run (issue 16, item 4)', { timeout: 300_000 }, () => {
  it('each status event of a real run holds its summary, the list is never asked to reload, and a page patched from them equals a fresh page', async () => {
    const events: ApiEvent[] = [];
    const off = api.subscribe((event) => events.push(event));
    const old = await api.handle('runs.start', { spec: template.spec as never, config: { ...template.config, epochs: 1 }, dataset: { name: 'spirals' }, name: 'first' });
    await finished(api, old.runId);
    const before = await api.handle('runs.page', {});
    const { runId } = await api.handle('runs.start', { spec: template.spec as never, config: { ...template.config, epochs: 1, seed: 2 }, dataset: { name: 'spirals' }, name: 'second' });
    expect(await finished(api, runId)).toBe('completed');
    off();

    const statuses = events.filter((event): event is Extract<ApiEvent, { type: 'run.status' }> => event.type === 'run.status' && event.runId === runId);
    expect(statuses.map((event) => [event.status, event.run?.status])).toEqual([
      ['queued', 'queued'],
      ['running', 'running'],
      ['completed', 'completed'],
    ]);
    expect(events.some((event) => event.type === 'runs.changed')).toBe(false);
    const last = statuses[statuses.length - 1].run!;
    expect(last.testErrors).not.toBeNull();
    expect(last.backend).not.toBeNull();
    // The table's rows after the events: the new run first, the old one as it was.
    expect([last, ...before.runs]).toEqual((await api.handle('runs.page', {})).runs);
  });
});
