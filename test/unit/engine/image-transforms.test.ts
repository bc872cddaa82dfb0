import { describe, expect, it } from 'vitest';
import { tmpdir } from 'node:os';
import { DatasetError, loadDataset } from '../../../src-main/engine/data';
import { padOrCrop, transformImages, widthNormalise } from '../../../src-main/engine/data/image-transforms';
import { describeImageTransform, transformedShape } from '../../../src-shared/data/image-transforms';

const H = 28;
const W = 28;

/** A synthetic "digit": a 6-pixel-wide stroke pattern in columns 9..14, rows 4..23, with grey levels. */
function syntheticDigit(): Float32Array {
  const image = new Float32Array(H * W);
  for (let r = 4; r <= 23; r++) {
    image[r * W + 9] = 255; // left stroke
    image[r * W + 14] = 128; // right stroke
    if (r === 4 || r === 23) for (let c = 9; c <= 14; c++) image[r * W + c] = 200; // top and bottom bars
  }
  image[13 * W + 11] = 60; // a lone grey pixel inside
  return image;
}

function inkBox(image: Float32Array, height = H, width = W) {
  let [left, right, top, bottom] = [width, -1, height, -1];
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      if (image[r * width + c] > 0) {
        left = Math.min(left, c);
        right = Math.max(right, c);
        top = Math.min(top, r);
        bottom = Math.max(bottom, r);
      }
    }
  }
  return { left, right, top, bottom, width: right - left + 1 };
}

const rowSums = (image: Float32Array, height = H, width = W) => Array.from({ length: height }, (_, r) => image.subarray(r * width, (r + 1) * width).reduce((a, b) => a + b, 0));

describe('width normalisation (Cireşan 2012)', () => {
  it.each([4, 10, 12, 20])('scales the bounding box of the ink to %i px wide, centred, the rows and each row\u2019s ink (× W / w) kept', (target) => {
    const digit = syntheticDigit();
    expect(inkBox(digit).width).toBe(6);
    const out = widthNormalise(digit, [H, W, 1], target);
    const box = inkBox(out);
    expect(box.width).toBe(target);
    expect(box.left).toBe(Math.floor((W - target) / 2));
    expect([box.top, box.bottom]).toEqual([4, 23]);
    const before = rowSums(digit);
    const after = rowSums(out);
    for (let r = 0; r < H; r++) expect(after[r]).toBeCloseTo((before[r] * target) / 6, 3);
    // Values stay in the raw range.
    expect(Math.max(...out)).toBeLessThanOrEqual(255);
    expect(Math.min(...out)).toBeGreaterThanOrEqual(0);
  });

  it('leaves an image without ink as it is, and is the identity for a box already W wide and centred', () => {
    expect(Array.from(widthNormalise(new Float32Array(H * W), [H, W, 1], 10))).toEqual(new Array(H * W).fill(0));
    const digit = syntheticDigit();
    const centred = widthNormalise(digit, [H, W, 1], 6);
    expect(inkBox(centred).left).toBe(11);
    expect(Array.from(widthNormalise(centred, [H, W, 1], 6))).toEqual(Array.from(centred));
  });
});

describe('padding to 29×29', () => {
  it('puts the 28×28 image at the top left of the 29×29 frame (the odd row and column after) and zeros the rest', () => {
    const digit = syntheticDigit();
    const out = padOrCrop(digit, [H, W, 1], [29, 29]);
    expect(out.length).toBe(29 * 29);
    for (let r = 0; r < 29; r++) {
      for (let c = 0; c < 29; c++) expect(out[r * 29 + c]).toBe(r < 28 && c < 28 ? digit[r * 28 + c] : 0);
    }
  });

  it('centres when padding by more, and crops centred when smaller', () => {
    const image = Float32Array.from({ length: 4 }, (_, i) => i + 1); // 2×2: 1 2 / 3 4
    expect(Array.from(padOrCrop(image, [2, 2, 1], [4, 4]))).toEqual([0, 0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0, 0, 0, 0]);
    expect(Array.from(padOrCrop(Float32Array.from({ length: 16 }, (_, i) => i), [4, 4, 1], [2, 2]))).toEqual([5, 6, 9, 10]);
  });
});

describe('image transforms of a dataset', () => {
  it('MNIST padded to 29×29 and width-normalised: train and test alike, each a different fingerprint', () => {
    const dataDir = tmpdir();
    const plain = loadDataset({ name: 'mnist', trainLimit: 50, testLimit: 20 }, dataDir);
    const padded = loadDataset({ name: 'mnist', trainLimit: 50, testLimit: 20, images: { size: [29, 29] } }, dataDir);
    const w10 = loadDataset({ name: 'mnist', trainLimit: 50, testLimit: 20, images: { size: [29, 29], widthNorm: 10 } }, dataDir);
    const w12 = loadDataset({ name: 'mnist', trainLimit: 50, testLimit: 20, images: { size: [29, 29], widthNorm: 12 } }, dataDir);
    for (const data of [padded, w10, w12]) {
      expect(data.summary.inputShape).toEqual([29, 29, 1]);
      expect(data.train.x.length).toBe(50 * 29 * 29);
      expect(data.test.x.length).toBe(20 * 29 * 29);
      expect(Array.from(data.test.y)).toEqual(Array.from(plain.test.y));
    }
    for (let i = 0; i < 20; i++) expect(inkBox(w10.test.x.subarray(i * 841, (i + 1) * 841), 29, 29).width).toBe(10);
    for (let i = 0; i < 50; i++) expect(inkBox(w12.train.x.subarray(i * 841, (i + 1) * 841), 29, 29).width).toBe(12);
    const fingerprints = new Set([plain, padded, w10, w12].map((data) => data.summary.fingerprint));
    expect(fingerprints.size).toBe(4);
    // No transform: the fingerprint runs stored before transforms existed have.
    expect(loadDataset({ name: 'mnist', trainLimit: 50, testLimit: 20, images: {} }, dataDir).summary.fingerprint).toBe(plain.summary.fingerprint);
  });

  it('refuses a width wider than the frame and data that are not images, naming the setting', () => {
    const split = { x: new Float32Array(2 * 28 * 28), y: new Int32Array(2), count: 2, shape: [28, 28, 1] };
    expect(() => transformImages(split, { widthNorm: 30 })).toThrow(new DatasetError('dataset.images.widthNorm: 30 px is wider than the 28-pixel-wide images; use at most 28'));
    expect(() => loadDataset({ name: 'spirals', images: { widthNorm: 10 } }, tmpdir())).toThrow(/^dataset\.images \(width 10 px\): needs images of shape \[height, width, channels\]; this dataset's examples have shape \[2\]; remove dataset\.images$/);
    expect(transformedShape([28, 28, 1], { size: [29, 29], widthNorm: 20 })).toEqual({ shape: [29, 29, 1] });
    expect(transformedShape([28, 28, 1], { size: [4096, 4096] })).toEqual({
      problem: 'dataset.images.size: 4096×4096 is more than 16 times the area of the 28×28 images (every transformed image is held in memory); pad to at most 16× their area',
    });
    expect(() => loadDataset({ name: 'mnist', trainLimit: 5, testLimit: 5, images: { size: [4096, 4096] } }, tmpdir())).toThrow(/^dataset\.images\.size: 4096×4096 is more than 16 times/);
    expect(describeImageTransform({ size: [29, 29], widthNorm: 20 })).toBe('width 20 px, 29×29');
  });
});
