import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { epochOf, readCheckpointFile } from '../../../src-main/engine/checkpoint-file';
import { trainJob } from '../../../src-main/engine/train-job';
import { METRIC, type MetricPoint } from '../../../src-shared/api/metrics';
import { trainJobSchema, type FromTrainer } from '../../../src-shared/api/trainer-protocol';
import type { TrainConfigInput } from '../../../src-shared/config/schema';
import { spiralsMlp, useTrainerBackend } from './helpers';

beforeAll(useTrainerBackend);
const dataDir = mkdtempSync(join(tmpdir(), 'layerlab-resume-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

// 540 training examples in batches of 20: 27 steps per epoch.
const dataset = { name: 'spirals', trainLimit: 600 };

function job(runId: string, config: TrainConfigInput, resumeFrom?: string) {
  return trainJobSchema.parse({
    runId,
    spec: spiralsMlp(32, 0.2),
    config: { epochs: 3, batchSize: 20, preprocessing: 'none', seed: 5, ...config },
    dataset,
    dataDir,
    ...(resumeFrom ? { resume: { checkpoint: join('artifacts', resumeFrom, 'checkpoint.json') } } : {}),
  });
}

/** Runs a job in this process; with `stopAtStep`, asks it to stop once it has reported that many steps. */
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
  const points = messages.flatMap((m) => (m.type === 'metrics' ? m.points : []));
  return { finished, points };
}

const weightsOf = (runId: string) => JSON.parse(readFileSync(join(dataDir, 'artifacts', runId, 'weights.json'), 'utf8')).weights;
const stepsOf = (points: MetricPoint[], key: string) => points.filter((p) => p.key === key).map((p) => p.step);

describe('resuming a run from its checkpoint (in process)', () => {
  test.each([
    ['SGD with momentum and dropout', { optimizer: { kind: 'sgd' as const, momentum: 0.9 }, learningRate: 0.05 }],
    ['Adam', { optimizer: { kind: 'adam' as const }, learningRate: 0.01 }],
  ])('%s: stopped mid-epoch, then resumed, ends exactly as the uninterrupted run', async (name, config) => {
    const tag = name.split(' ')[0];
    const whole = await run(job(`whole-${tag}`, config));
    expect(whole.finished.status, whole.finished.error).toBe('completed');
    expect(existsSync(join(dataDir, 'artifacts', `whole-${tag}`, 'checkpoint.json'))).toBe(false);

    const part = await run(job(`part-${tag}`, config), 40);
    expect(part.finished.status).toBe('stopped');
    const checkpoint = readCheckpointFile(join(dataDir, 'artifacts', `part-${tag}`, 'checkpoint.json')).checkpoint;
    const stoppedAt = checkpoint.position.stepsDone;
    expect(stoppedAt).toBeGreaterThanOrEqual(40);
    expect(checkpoint.position).toMatchObject({ epochsDone: 1, batchesDone: stoppedAt - 27, stepsPerEpoch: 27 });

    const resumed = await run(job(`resumed-${tag}`, config, `part-${tag}`));
    expect(resumed.finished.status, resumed.finished.error).toBe('completed');
    expect(Object.is(resumed.finished.result!.finalLoss, whole.finished.result!.finalLoss)).toBe(true);
    expect(resumed.finished.result!.testErrors).toBe(whole.finished.result!.testErrors);
    expect(resumed.finished.result!.epochs).toBe(3);
    expect(weightsOf(`resumed-${tag}`)).toEqual(weightsOf(`whole-${tag}`));

    // The resumed run's metrics continue the step and epoch numbering where the checkpoint left off.
    const stepPoints = stepsOf(resumed.points, METRIC.trainLossStep);
    expect(stepPoints[0]).toBe(Math.ceil(stoppedAt / 10) * 10);
    expect(resumed.points.filter((p) => p.key === METRIC.trainLoss).map((p) => [p.epoch, p.step])).toEqual([
      [2, 53],
      [3, 80],
    ]);
    const wholeEpochLosses = whole.points.filter((p) => p.key === METRIC.trainLoss).map((p) => p.value);
    expect(resumed.points.filter((p) => p.key === METRIC.trainLoss).map((p) => p.value)).toEqual(wholeEpochLosses.slice(1));
  });

  test('a damaged checkpoint fails the resumed run before it starts, naming the file; the file is left as it was', async () => {
    const config = { optimizer: { kind: 'adam' as const }, epochs: 1 };
    const source = join(dataDir, 'artifacts', 'damaged', 'checkpoint.json');
    mkdirSync(join(dataDir, 'artifacts', 'damaged'), { recursive: true });
    writeFileSync(source, '{"format":2,"spec":');
    const messages: FromTrainer[] = [];
    const finished = await trainJob(job('from-damaged', config, 'damaged'), { send: (m) => messages.push(m) });
    expect(finished.status).toBe('failed');
    expect(finished.error).toBe(
      `${source} is not a usable checkpoint: it is not complete JSON (${jsonError('{"format":2,"spec":')}). ` +
        "The run's metrics and other artifacts are unaffected; to get trained weights, train the run again from the start " +
        '("Train again" in the app, or `layerlab run` with its spec).',
    );
    expect(messages).toEqual([]);
    expect(readFileSync(source, 'utf8')).toBe('{"format":2,"spec":');
  });

  test("another optimizer's checkpoint, or another network's, is refused naming what does not fit", async () => {
    const adam = await run(job('adam-1', { optimizer: { kind: 'adam' }, epochs: 1 }));
    expect(adam.finished.status).toBe('completed');
    const stopped = await run(job('adam-stopped', { optimizer: { kind: 'adam' }, epochs: 2 }), 5);
    expect(stopped.finished.status).toBe('stopped');
    const wrongOptimizer = await run(job('sgd-from-adam', { optimizer: { kind: 'sgd' }, epochs: 2 }, 'adam-stopped'));
    expect(wrongOptimizer.finished.error).toMatch(/checkpoint\.json does not fit this run: it holds the state of optimizer "adam", this run uses "sgd"/);

    mkdirSync(join(dataDir, 'artifacts', 'wider'), { recursive: true });
    copyFileSync(join(dataDir, 'artifacts', 'adam-stopped', 'checkpoint.json'), join(dataDir, 'artifacts', 'wider', 'checkpoint.json'));
    const wider = trainJobSchema.parse({ ...job('wider-net', { optimizer: { kind: 'adam' }, epochs: 2 }, 'wider'), spec: spiralsMlp(48, 0.2) });
    const finished = await trainJob(wider, { send: () => {} });
    expect(finished.error).toMatch(/does not fit this run: its weights for h1\.kernel is 2×32, the network needs 2×48/);
  });

  test('a resumed run reports where it resumed; a checkpoint from another step than its run recorded is refused', async () => {
    const config = { optimizer: { kind: 'sgd' as const }, epochs: 2 };
    expect((await run(job('sgd-stopped', config), 5)).finished.status).toBe('stopped');
    const checkpoint = join('artifacts', 'sgd-stopped', 'checkpoint.json');
    const position = readCheckpointFile(join(dataDir, checkpoint)).checkpoint.position;
    const messages: FromTrainer[] = [];
    const resumed = await trainJob(job('sgd-resumed', config, 'sgd-stopped'), { flushMs: 0, send: (m) => messages.push(m) });
    expect(resumed.status).toBe('completed');
    expect(messages.filter((m) => m.type === 'resumed')).toEqual([{ type: 'resumed', runId: 'sgd-resumed', epoch: epochOf(position), step: position.stepsDone }]);
    expect(messages.findIndex((m) => m.type === 'resumed')).toBeLessThan(messages.findIndex((m) => m.type === 'metrics'));

    const elsewhere = trainJobSchema.parse({ ...job('sgd-elsewhere', config), resume: { checkpoint, step: position.stepsDone + 1 } });
    const refused = await trainJob(elsewhere, { send: () => {} });
    expect(refused.status).toBe('failed');
    expect(refused.error).toBe(
      `${join(dataDir, checkpoint)} is from step ${position.stepsDone}, but its run recorded a checkpoint from step ${position.stepsDone + 1}: ` +
        'the file was replaced after the run ended; resume from the run that wrote it, or train again from the start',
    );
  });
});

function jsonError(text: string): string {
  try {
    JSON.parse(text);
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}
