import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { getBackendInfo } from '../../../src-main/engine/backend';
import { KERNEL_CHOICES_FILE } from '../../../src-main/engine/kernel-record';
import { trainJob } from '../../../src-main/engine/train-job';
import { trainJobSchema, type FromTrainer } from '../../../src-shared/api/trainer-protocol';
import { spiralsMlp, useTrainerBackend } from './helpers';

await useTrainerBackend();
const dataDir = mkdtempSync(join(tmpdir(), 'layerlab-kernel-record-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

type Kernels = Record<string, 'native' | 'wasm'>;

function job(runId: string, extra: { kernelChoices?: string; resumeFrom?: string } = {}) {
  return trainJobSchema.parse({
    runId,
    spec: spiralsMlp(32),
    config: { epochs: 2, batchSize: 20, preprocessing: 'none', seed: 3, optimizer: { kind: 'sgd', momentum: 0.9 }, learningRate: 0.05 },
    dataset: { name: 'spirals', trainLimit: 400 },
    dataDir,
    ...(extra.kernelChoices ? { kernelChoices: extra.kernelChoices } : {}),
    ...(extra.resumeFrom ? { resume: { checkpoint: join('artifacts', extra.resumeFrom, 'checkpoint.json') } } : {}),
  });
}

async function run(input: ReturnType<typeof job>, stopAtStep?: number) {
  const messages: FromTrainer[] = [];
  const controller = new AbortController();
  const finished = await trainJob(input, {
    flushMs: 0,
    signal: controller.signal,
    send(message) {
      messages.push(message);
      if (stopAtStep !== undefined && message.type === 'progress' && message.step >= stopAtStep) controller.abort();
    },
  });
  const started = messages.find((m) => m.type === 'started');
  return { finished, started: started?.type === 'started' ? started : undefined };
}

const usedBy = (runId: string): Kernels => JSON.parse(readFileSync(join(dataDir, 'artifacts', runId, KERNEL_CHOICES_FILE), 'utf8')).kernels;
const flipped = (kernels: Kernels): Kernels =>
  Object.fromEntries(Object.entries(kernels).map(([key, pick]) => [key, pick === 'native' ? 'wasm' : 'native']));

// The choice exists only with the addon (the wasm backend and its per-shape tuner).
describe.skipIf(!getBackendInfo()?.native)('the kernel choices a run used', () => {
  test('are recorded with the run, followed by a plan\'s later runs and by a resumed run, and then the machine\'s own apply again', async () => {
    const planFile = join(dataDir, 'plan-kernel-choices.json');

    const first = await run(job('first', { kernelChoices: planFile }));
    expect(first.finished.status, first.finished.error).toBe('completed');
    const own = usedBy('first');
    expect(Object.keys(own).length).toBeGreaterThan(0);
    // the first run of the plan wrote the plan's choices
    expect(JSON.parse(readFileSync(planFile, 'utf8')).kernels).toEqual(own);

    // another node chose otherwise for every op and shape: the plan's next run follows the plan, not this machine
    const other = flipped(own);
    writeFileSync(planFile, JSON.stringify({ kernels: other }));
    const second = await run(job('second', { kernelChoices: planFile }));
    expect(second.finished.status, second.finished.error).toBe('completed');
    expect(usedBy('second')).toEqual(other);
    expect(second.started?.backend.kernels).toMatchObject(other);
    expect(JSON.parse(readFileSync(planFile, 'utf8')).kernels).toEqual(other); // a follower does not rewrite it

    // outside the plan this machine's own choices apply again
    const third = await run(job('third'));
    expect(third.finished.status, third.finished.error).toBe('completed');
    expect(usedBy('third')).toEqual(own);

    // a run stopped mid-way leaves its choices beside its checkpoint; its resumption follows them
    const part = await run(job('part'), 15);
    expect(part.finished.status).toBe('stopped');
    expect(existsSync(join(dataDir, 'artifacts', 'part', 'checkpoint.json'))).toBe(true);
    const before = flipped(usedBy('part'));
    writeFileSync(join(dataDir, 'artifacts', 'part', KERNEL_CHOICES_FILE), JSON.stringify({ kernels: before }));
    const resumed = await run(job('resumed', { resumeFrom: 'part' }));
    expect(resumed.finished.status, resumed.finished.error).toBe('completed');
    // the shapes the stopped run had used keep its choices; the test set's, first used now, are chosen now
    const after = usedBy('resumed');
    expect(Object.fromEntries(Object.keys(before).map((key) => [key, after[key]]))).toEqual(before);
  });
});
