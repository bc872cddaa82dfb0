import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { trainJob } from '../../../src-main/engine/train-job';
import { trainJobSchema, type FromTrainer } from '../../../src-shared/api/trainer-protocol';
import { useTrainerBackend } from './helpers';

beforeAll(useTrainerBackend);
const dataDir = mkdtempSync(join(tmpdir(), 'layerlab-dsn-resume-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const template = JSON.parse(readFileSync(join('resources', 'templates', 'dsn-mnist.json'), 'utf8'));
for (const node of template.spec.nodes) if (node.kind === 'dense' && node.params.activation === 'sigmoid') node.params.units = 40;
const job = (runId: string, extra: Record<string, unknown> = {}) =>
  trainJobSchema.parse({ dataDir, runId, spec: template.spec, config: template.config, dataset: { name: 'mnist', trainLimit: 1000, testLimit: 300 }, procedure: template.procedure, ...extra });

describe('a DSN run resumes at the module after its last solved one', () => {
  test('stopped after module 2, resumed from its checkpoint: modules 1–2 are read back from the network, not solved again, and the run ends as the uninterrupted one', async () => {
    const whole = await trainJob(job('whole'), { send: () => {} });
    expect(whole.status).toBe('completed');

    const controller = new AbortController();
    const stopped = await trainJob(job('first'), {
      signal: controller.signal,
      send: (message) => {
        if (message.type === 'stage' && message.event === 'end' && message.index === 1) controller.abort();
      },
    });
    expect(stopped).toMatchObject({ status: 'stopped', error: `stopped after module 2 of ${template.procedure.params.modules}` });

    const second: FromTrainer[] = [];
    const resumed = await trainJob(job('second', { resume: { checkpoint: join('artifacts', 'first', 'checkpoint.json') } }), { send: (message) => second.push(message) });
    expect(resumed.status).toBe('completed');
    expect(resumed.result!.testErrors).toBe(whole.result!.testErrors);
    expect(resumed.result!.testLoss).toBeCloseTo(whole.result!.testLoss, 6);
    const solved = second.flatMap((message) => (message.type === 'metrics' ? message.points.filter((point) => point.key === 'dsn/test_error_rate').map((point) => point.stage) : []));
    expect(solved).toEqual(Array.from({ length: template.procedure.params.modules - 2 }, (_, i) => i + 2));
    const curve = (runId: string) => JSON.parse(readFileSync(join(dataDir, 'artifacts', runId, 'error-by-modules.json'), 'utf8'));
    expect(curve('second').series).toEqual(curve('whole').series);
  });
});
