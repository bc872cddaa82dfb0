import { describe, expect, test } from 'vitest';
import { CallbackList, checkpointCallback, divergenceCallback, metricsCallback, progressCallback, type ProgressReport, type TrainingPosition } from '../../../src-main/engine/callbacks';
import { METRIC, type MetricPoint } from '../../../src-shared/api/metrics';

/** Training's position with 4 steps per epoch of 100 examples each. */
const at = (epochsDone: number, batchesDone: number): TrainingPosition => ({
  epochsDone,
  stepsDone: epochsDone * 4 + batchesDone,
  stepsPerEpoch: 4,
  batchesDone,
  lossSum: 50 * batchesDone,
  correctSum: 75 * batchesDone,
  seen: 100 * batchesDone,
  lastEpochLoss: null,
});
const begin = { epochs: 2, stepsPerEpoch: 4, totalSteps: 8, trainCount: 400, valCount: 100, batchSize: 100, start: at(0, 0) };
const batch = (step: number, loss = 0.5) => ({ epoch: Math.floor(step / 4), step, stepsDone: step + 1, batchSize: 100, loss, accuracy: 0.75, position: at(Math.floor(step / 4), (step % 4) + 1) });
const epochEnd = (epoch: number) => ({
  epoch,
  step: epoch * 4 + 3,
  trainLoss: 0.4,
  trainAccuracy: 0.8,
  valLoss: 0.45,
  valAccuracy: 0.79,
  learningRate: 0.1,
  momentum: 0.5,
  samplesPerSec: 1000,
  position: at(epoch + 1, 0),
});

describe('callbacks', () => {
  test('metrics: step loss every N steps, epoch metrics under the METRIC keys, flushed in batches', async () => {
    let clock = 0;
    const flushed: MetricPoint[][] = [];
    const list = new CallbackList([metricsCallback((points) => flushed.push(points), { everySteps: 2, flushMs: 250, now: () => clock })]);
    await list.call('onTrainBegin', begin);
    for (let step = 0; step < 4; step++) {
      clock += 100;
      await list.call('onBatchEnd', batch(step));
    }
    // flushed once the 250 ms had passed (at step 2, 300 ms), holding steps 0 and 2
    expect(flushed.length).toBe(1);
    expect(flushed[0].map((p) => `${p.key}@${p.step}`)).toEqual(['train/loss@0', 'train/acc@0', 'train/loss@2', 'train/acc@2']);
    expect(flushed[0][0]).toMatchObject({ epoch: 0.25, wallMs: 100, value: 0.5 });
    await list.call('onEpochEnd', epochEnd(0));
    const epochPoints = flushed[1];
    expect(epochPoints.map((p) => p.key)).toEqual([
      METRIC.trainLoss, METRIC.trainAcc, METRIC.valLoss, METRIC.valAcc, METRIC.learningRate, METRIC.momentum, METRIC.samplesPerSec,
    ]);
    expect(epochPoints.every((p) => p.step === 3 && p.epoch === 1)).toBe(true);
  });

  test('metrics: NaN and infinite values are left out (they cannot cross JSON)', async () => {
    const flushed: MetricPoint[] = [];
    const list = new CallbackList([metricsCallback((points) => flushed.push(...points), { everySteps: 1 })]);
    await list.call('onTrainBegin', begin);
    await list.call('onBatchEnd', batch(0, NaN));
    await list.call('onBatchEnd', batch(1, Infinity));
    await list.call('onBatchEnd', batch(2, 0.3));
    await list.call('onTrainEnd', { status: 'diverged', epochsDone: 0, finalLoss: NaN, stepsDone: 3 });
    expect(flushed.filter((p) => p.key === METRIC.trainLossStep).map((p) => p.value)).toEqual([0.3]);
  });

  test('progress: throttled, with samples/s and an ETA from the pace so far', async () => {
    let clock = 0;
    const reports: ProgressReport[] = [];
    const list = new CallbackList([progressCallback((p) => reports.push(p), 250, () => clock)]);
    await list.call('onTrainBegin', begin);
    await list.call('onEpochBegin', { epoch: 0, learningRate: 0.1, momentum: 0 });
    for (let step = 0; step < 3; step++) {
      clock += 200;
      await list.call('onBatchEnd', batch(step));
    }
    // reported at 200 ms (first batch, nothing sent yet) and again at 600 ms
    expect(reports.map((r) => r.step)).toEqual([1, 3]);
    expect(reports[1]).toMatchObject({ epoch: 0, epochs: 2, totalSteps: 8, samplesPerSec: 500, etaMs: 1000 });
  });

  test('checkpoint: at every epoch end, mid-epoch once everyMs has passed, not at the start it resumed from', async () => {
    let clock = 0;
    const saved: string[] = [];
    const list = new CallbackList([checkpointCallback((p) => void saved.push(`${p.epochsDone}+${p.batchesDone} @${p.stepsDone}`), { everyMs: 150, now: () => clock })]);
    await list.call('onTrainBegin', { ...begin, start: at(0, 1) });
    for (let step = 1; step < 8; step++) {
      clock += 100;
      await list.call('onBatchEnd', batch(step));
      if (step % 4 === 3) await list.call('onEpochEnd', epochEnd(Math.floor(step / 4)));
    }
    await list.call('onTrainEnd', { status: 'completed', epochsDone: 2, finalLoss: 0.4, stepsDone: 8 });
    // 200 ms after the start (3 batches into epoch 0), each epoch's end, and 200 ms after the first epoch's end;
    // never on an epoch's last batch, whose epoch-end save follows.
    expect(saved).toEqual(['0+3 @3', '1+0 @4', '1+2 @6', '2+0 @8']);
  });

  test('checkpoint: short epochs are saved at most every minIntervalMs, the first epoch always', async () => {
    let clock = 0;
    const saved: number[] = [];
    const list = new CallbackList([checkpointCallback((p) => void saved.push(p.epochsDone), { minIntervalMs: 250, now: () => clock })]);
    await list.call('onTrainBegin', begin);
    for (let epoch = 0; epoch < 8; epoch++) {
      clock += 100;
      await list.call('onEpochEnd', epochEnd(epoch));
    }
    expect(saved).toEqual([1, 4, 7]);
  });

  test.each([
    ['stopped', ['1+2 @6']],
    ['diverged', []],
  ] as const)('checkpoint: training that ends %s mid-epoch saves %j', async (status, expected) => {
    const saved: string[] = [];
    const list = new CallbackList([checkpointCallback((p) => void saved.push(`${p.epochsDone}+${p.batchesDone} @${p.stepsDone}`))]);
    await list.call('onTrainBegin', { ...begin, start: at(1, 0) });
    await list.call('onBatchEnd', batch(4));
    await list.call('onBatchEnd', batch(5));
    await list.call('onTrainEnd', { status, epochsDone: 1, finalLoss: 0.4, stepsDone: 6 });
    expect(saved).toEqual(expected);
  });

  test('checkpoint: a stop right after an epoch end does not save that position twice', async () => {
    const saved: number[] = [];
    const list = new CallbackList([checkpointCallback((p) => void saved.push(p.stepsDone))]);
    await list.call('onTrainBegin', begin);
    await list.call('onEpochEnd', epochEnd(0));
    await list.call('onTrainEnd', { status: 'stopped', epochsDone: 1, finalLoss: 0.4, stepsDone: 4 });
    expect(saved).toEqual([4]);
  });

  test.each([NaN, Infinity, -Infinity])('divergence: a loss of %s stops the run at once', async (loss) => {
    const list = new CallbackList([divergenceCallback()]);
    await list.call('onBatchEnd', batch(0, 2.3));
    expect(list.stop).toBeNull();
    await list.call('onBatchEnd', batch(5, loss));
    expect(list.stop).toEqual({ reason: 'diverged', message: `training loss became ${loss} at step 5 (epoch 2); try a smaller learning rate` });
  });

  test('divergence: growth past the factor times the first loss, not below it', async () => {
    const list = new CallbackList([divergenceCallback(100)]);
    await list.call('onBatchEnd', batch(0, 2));
    await list.call('onBatchEnd', batch(1, 199));
    expect(list.stop).toBeNull();
    await list.call('onBatchEnd', batch(2, 201));
    expect(list.stop?.message).toBe("training loss 201 is over 100× the first batch's 2.00 at step 2 (epoch 1); try a smaller learning rate");
  });

  test('the first stop request wins', () => {
    const list = new CallbackList([]);
    list.requestStop('diverged', 'loss NaN');
    list.requestStop('stopped', 'user');
    expect(list.stop).toEqual({ reason: 'diverged', message: 'loss NaN' });
  });
});
