import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { previewBuiltInDataset } from '../../../src-main/services/datasets/builtin-preview';
import { majorityBaseline } from '../../../src-main/services/datasets/baseline';

const dataDir = mkdtempSync(join(tmpdir(), 'layerlab-builtin-preview-'));

describe('built-in datasets in the Datasets tab and the run page (issue 18, item 11)', () => {
  it("previews MNIST with 32 labelled 28×28 samples and both splits' class counts (LeCun's published totals)", () => {
    const preview = previewBuiltInDataset('mnist', dataDir);
    expect(preview.kind).toBe('images');
    expect(preview.images!.shape).toEqual([28, 28, 1]);
    expect(preview.images!.samples).toHaveLength(32);
    expect(preview.images!.samples[0].values).toHaveLength(784);
    expect(preview.images!.samples.every((s) => /^[0-9]$/.test(s.label))).toBe(true);
    expect(Math.max(...preview.images!.samples[0].values)).toBeGreaterThan(100);
    expect(preview.classCounts.train.reduce((a, b) => a + b, 0)).toBe(60_000);
    expect(preview.classCounts.test.reduce((a, b) => a + b, 0)).toBe(10_000);
    // The most and least common training digits: 6,742 ones and 5,421 fives.
    expect(preview.classCounts.train[1]).toBe(6742);
    expect(preview.classCounts.train[5]).toBe(5421);
  });

  it('previews a 2-D built-in set by its class balance alone', () => {
    const preview = previewBuiltInDataset('spirals', dataDir);
    expect(preview.images).toBeUndefined();
    expect(preview.classCounts.train).toHaveLength(2);
  });

  it('scores the majority class of the training examples on the test examples', () => {
    // All of MNIST: "1" is the most common training digit; 1,135 of the 10,000 test digits are ones.
    expect(majorityBaseline({ name: 'mnist' }, dataDir)).toEqual({ majorityClass: '1', testErrors: 8865, testCount: 10_000, testErrorRate: 0.8865 });
    const subset = majorityBaseline({ name: 'mnist', trainLimit: 1000, testLimit: 500 }, dataDir)!;
    expect(subset.testCount).toBe(500);
    expect(subset.testErrorRate).toBeGreaterThan(0.8);
    expect(() => majorityBaseline({ name: 'no-such-set' }, dataDir)).toThrow(/no-such-set/);
  });
});
