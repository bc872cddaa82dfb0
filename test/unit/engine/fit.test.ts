import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Callback } from '../../../src-main/engine/callbacks';
import { divergenceCallback, stopCallback } from '../../../src-main/engine/callbacks';
import { loadDataset, splitValidation } from '../../../src-main/engine/data';
import { evaluate } from '../../../src-main/engine/evaluate';
import { fit, type FitOptions } from '../../../src-main/engine/fit';
import { buildModel } from '../../../src-main/engine/model';
import type { TrainConfigInput } from '../../../src-shared/config/schema';
import { config, spiralsMlp, useTrainerBackend } from './helpers';

beforeAll(useTrainerBackend);

const task = { task: 'classification' as const, classes: 2 };
const spirals = loadDataset({ name: 'spirals', trainLimit: 600 }, '/unused');
const { train, val } = splitValidation(spirals.train, 0.2);

async function trainSpirals(input: TrainConfigInput, callbacks: Callback[] = [], dropout = 0) {
  const c = config({ epochs: 2, batchSize: 25, optimizer: { kind: 'adam' }, learningRate: 0.01, preprocessing: 'none', ...input });
  const model = buildModel(spiralsMlp(32, dropout), c.init, c.seed);
  const options: FitOptions = { model, config: c, train, val, task, callbacks: [divergenceCallback(), ...callbacks] };
  const result = await fit(options);
  return { result, model };
}

describe('fit', () => {
  test('the same seed gives the same finalLoss bit for bit; another seed another', async () => {
    const runs = [];
    for (const seed of [7, 7, 8]) {
      const { result, model } = await trainSpirals({ seed, optimizer: { kind: 'sgd', momentum: 0.9 }, learningRate: 0.05 }, [], 0.3);
      runs.push(result.finalLoss);
      model.dispose();
    }
    expect(Number.isFinite(runs[0])).toBe(true);
    expect(Object.is(runs[0], runs[1])).toBe(true);
    expect(runs[2]).not.toBe(runs[0]);
  });

  test('training lowers the loss and the network learns the spirals', async () => {
    const epochLosses: number[] = [];
    const { result, model } = await trainSpirals({ epochs: 8 }, [{ onEpochEnd: (e) => void epochLosses.push(e.trainLoss) }]);
    expect(result.status).toBe('completed');
    expect(result.epochsDone).toBe(8);
    expect(epochLosses[7]).toBeLessThan(epochLosses[0] * 0.5);
    const test = evaluate(model, spirals.test, task, 'softmax-cross-entropy');
    expect(test.errorRate).toBeLessThan(0.1);
    model.dispose();
  });

  test('callbacks see every hook in order with the schedule’s lr and momentum', async () => {
    const events: string[] = [];
    const recorder: Callback = {
      onTrainBegin: (b) => void events.push(`begin ${b.epochs}x${b.stepsPerEpoch} n=${b.trainCount} val=${b.valCount}`),
      onEpochBegin: (e) => void events.push(`epoch ${e.epoch} lr=${e.learningRate.toFixed(4)} mu=${e.momentum}`),
      onBatchEnd: (b) => void (b.step % 10 === 0 && events.push(`batch ${b.step}`)),
      onEpochEnd: (e) => void events.push(`end ${e.epoch} step=${e.step} val=${e.valLoss! > 0} acc=${e.trainAccuracy! >= 0 && e.trainAccuracy! <= 1}`),
      onTrainEnd: (e) => void events.push(`done ${e.status} ${e.epochsDone} ${e.stepsDone}`),
    };
    const { model } = await trainSpirals(
      { optimizer: { kind: 'sgd', momentumRamp: { from: 0.5, to: 0.9, epochs: 2 } }, schedule: { kind: 'exponential', factor: 0.5 }, learningRate: 0.1 },
      [recorder],
    );
    model.dispose();
    expect(events).toEqual([
      'begin 2x20 n=480 val=120',
      'epoch 0 lr=0.1000 mu=0.5',
      'batch 0',
      'batch 10',
      'end 0 step=19 val=true acc=true',
      'epoch 1 lr=0.0500 mu=0.7',
      'batch 20',
      'batch 30',
      'end 1 step=39 val=true acc=true',
      'done completed 2 40',
    ]);
  });

  test('an absurd learning rate ends as diverged, not as a crash', async () => {
    const { result, model } = await trainSpirals({ optimizer: { kind: 'sgd', momentum: 0.9 }, learningRate: 1e6, epochs: 5 });
    expect(result.status).toBe('diverged');
    expect(result.reason).toMatch(/training loss (became (NaN|Infinity)|\S+ is over 10000× the first batch's \S+) at step \d+/);
    expect(result.epochsDone).toBeLessThan(5);
    model.dispose();
  });

  test('Adam with an absurd learning rate explodes without NaN: diverged once the loss passes 10⁴× the first batch’s', async () => {
    const { result, model } = await trainSpirals({ optimizer: { kind: 'adam' }, learningRate: 1e6, epochs: 3 });
    expect(result.status).toBe('diverged');
    expect(result.reason).toMatch(/training loss \S+ is over 10000× the first batch's \S+ at step \d+ \(epoch 1\)/);
    model.dispose();
  });

  test('a loss that stays within bounds does not trip the divergence check', async () => {
    const { result, model } = await trainSpirals({ optimizer: { kind: 'adam' }, learningRate: 0.05, epochs: 2 });
    expect(result.status).toBe('completed');
    model.dispose();
  });

  test('a stop request is honoured within one batch', async () => {
    const controller = new AbortController();
    let stepsSeen = 0;
    const abortAtStep3: Callback = {
      onBatchEnd: (b) => {
        stepsSeen = b.stepsDone;
        if (b.step === 3) controller.abort();
      },
    };
    const { result, model } = await trainSpirals({ epochs: 3 }, [abortAtStep3, stopCallback(controller.signal)]);
    expect(result.status).toBe('stopped');
    expect(result.stepsDone).toBe(4);
    expect(stepsSeen).toBe(4);
    expect(result.epochsDone).toBe(0);
    model.dispose();
  });

  test('weight decay λ adds λ·w to each kernel’s gradient and leaves the biases alone', async () => {
    // One full-batch SGD step without momentum from the same start: the two runs differ by −lr·λ·w₀ in the kernels only.
    const lr = 0.1;
    const decay = 0.01;
    const step = async (weightDecay: number) => {
      const c = config({ epochs: 1, batchSize: train.count, optimizer: { kind: 'sgd', momentum: 0 }, learningRate: lr, preprocessing: 'none', weightDecay });
      const model = buildModel(spiralsMlp(8), c.init, c.seed);
      const start = model.weights.map((weight) => Array.from(weight.variable.dataSync()));
      await fit({ model, config: c, train, val, task, callbacks: [] });
      const end = model.weights.map((weight) => Array.from(weight.variable.dataSync()));
      const roles = model.weights.map((weight) => weight.def.role);
      model.dispose();
      return { start, end, roles };
    };
    const plain = await step(0);
    const decayed = await step(decay);
    expect(plain.roles).toContain('kernel');
    expect(plain.roles).toContain('bias');
    plain.roles.forEach((role, k) => {
      const expected = plain.end[k].map((value, i) => value - (role === 'kernel' ? lr * decay * plain.start[k][i] : 0));
      expect(decayed.end[k]).toEqual(expected.map((value) => expect.closeTo(value, 6)));
    });
  });

  test('no tensor leaks per step: the count stays flat across epochs', async () => {
    const counts: number[] = [];
    const { model } = await trainSpirals(
      { epochs: 3, maxNorm: { limit: 2 }, optimizer: { kind: 'sgd', nesterov: true } },
      [{ onEpochEnd: () => void counts.push(tf.memory().numTensors) }],
      0.2,
    );
    // After the first epoch (optimizer slots created) nothing accumulates.
    expect(counts[1]).toBe(counts[0]);
    expect(counts[2]).toBe(counts[0]);
    const before = tf.memory().numTensors;
    model.dispose();
    expect(tf.memory().numTensors).toBe(before - model.weights.length);
  });
});
