import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { trainJob } from '../../../src-main/engine/train-job';
import { trainJobSchema, type FromTrainer } from '../../../src-shared/api/trainer-protocol';
import { useTrainerBackend } from './helpers';

beforeAll(useTrainerBackend);
const dataDir = mkdtempSync(join(tmpdir(), 'layerlab-dbn-resume-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const template = JSON.parse(readFileSync(join('resources', 'templates', 'dbn-784-500-500-2000-10.json'), 'utf8'));
const dense = (id: string, units: number, activation: string, y: number) => ({ id, kind: 'dense', params: { units, activation }, position: { x: 0, y } });
// The template's DBN at test scale: 784-32-32-10, two RBMs.
const spec = {
  format: 1,
  name: 'small DBN',
  nodes: [template.spec.nodes[0], template.spec.nodes[1], dense('h1', 32, 'sigmoid', 180), dense('h2', 32, 'sigmoid', 270), dense('out', 10, 'softmax', 360)],
  edges: [
    { from: 'input', to: 'flatten' },
    { from: 'flatten', to: 'h1' },
    { from: 'h1', to: 'h2' },
    { from: 'h2', to: 'out' },
  ],
};
const job = (runId: string, extra: Record<string, unknown> = {}) =>
  trainJobSchema.parse({
    dataDir,
    runId,
    spec,
    config: { ...template.config, epochs: 2 },
    dataset: { name: 'mnist', trainLimit: 600, testLimit: 200 },
    procedure: { kind: 'dbn', params: { pretrainLayers: 2, rbmEpochs: 2, topOnlyEpochs: 1 } },
    ...extra,
  });

describe('a DBN killed after its first RBM resumes at the second', () => {
  test('stopped when RBM 1 ends, resumed from its stage checkpoint: RBM 1 is not trained again and the run ends as the uninterrupted one', async () => {
    const whole = await trainJob(job('whole'), { send: () => {} });
    expect(whole.status).toBe('completed');

    const controller = new AbortController();
    const stopped = await trainJob(job('first'), {
      signal: controller.signal,
      send: (message) => {
        if (message.type === 'stage' && message.event === 'end' && message.index === 0) controller.abort();
      },
    });
    expect(stopped.status).toBe('stopped');
    const checkpoint = join('artifacts', 'first', 'checkpoint.json');
    expect(existsSync(join(dataDir, checkpoint))).toBe(true);

    const second: FromTrainer[] = [];
    const resumed = await trainJob(job('second', { resume: { checkpoint } }), { send: (message) => second.push(message) });
    expect(resumed.status).toBe('completed');
    expect(second.find((message) => message.type === 'resumed')).toMatchObject({ stage: 1 });
    // RBM 1 recorded no reconstruction error again; RBM 2 and the fine-tuning did.
    const stagesWith = (key: string) => [...new Set(second.flatMap((message) => (message.type === 'metrics' ? message.points.filter((point) => point.key === key).map((point) => point.stage ?? 0) : [])))];
    expect(stagesWith('rbm/reconstruction_error')).toEqual([1]);
    expect(stagesWith('dbn/test_error_rate')).toEqual([2]);
    expect(resumed.result!.testErrors).toBe(whole.result!.testErrors);
    expect(resumed.result!.finalLoss).toBe(whole.result!.finalLoss);
  });
});
