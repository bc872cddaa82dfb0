import { createRng, deriveSeed, permutation, type Rng } from '../rng';
import type { DataSplit, RawDataset } from './types';

/** Synthetic 2-D sets for fast tests. The data seed is fixed per set, so every run sees the same data. */

const DATA_SEED = 20121;
const TRAIN_COUNT = 2000;
const TEST_COUNT = 1000;

type PointSampler = (index: number, count: number, rng: Rng) => { x: number; y: number; label: number };

function sampleSplit(count: number, seed: number, sample: PointSampler): DataSplit {
  const rng = createRng(seed);
  const points = Array.from({ length: count }, (_, i) => sample(i, count, rng));
  const order = permutation(count, createRng(deriveSeed(seed, 'order')));
  const x = new Float32Array(count * 2);
  const y = new Int32Array(count);
  order.forEach((source, i) => {
    x[2 * i] = points[source].x;
    x[2 * i + 1] = points[source].y;
    y[i] = points[source].label;
  });
  return { x, y, count, shape: [2] };
}

/** Two interleaved spirals, one turn each, with Gaussian noise σ = 0.03 (radius ≤ 1). */
const spiralPoint: PointSampler = (index, count, rng) => {
  const label = index % 2;
  const t = (Math.floor(index / 2) / Math.ceil(count / 2)) * 2 * Math.PI + 0.3;
  const radius = t / (2 * Math.PI + 0.3);
  const sign = label === 0 ? 1 : -1;
  return {
    x: sign * radius * Math.cos(t) + 0.03 * rng.normal(),
    y: sign * radius * Math.sin(t) + 0.03 * rng.normal(),
    label,
  };
};

/** Four Gaussian blobs (σ = 0.8) centred on a circle of radius 3. */
const BLOB_CLASSES = 4;
const blobPoint: PointSampler = (index, _count, rng) => {
  const label = index % BLOB_CLASSES;
  const angle = (2 * Math.PI * label) / BLOB_CLASSES + Math.PI / 4;
  return { x: 3 * Math.cos(angle) + 0.8 * rng.normal(), y: 3 * Math.sin(angle) + 0.8 * rng.normal(), label };
};

function synthetic(name: string, classes: number, sample: PointSampler, seed: number): RawDataset {
  return {
    task: 'classification',
    classes,
    train: sampleSplit(TRAIN_COUNT, deriveSeed(seed, name, 'train'), sample),
    test: sampleSplit(TEST_COUNT, deriveSeed(seed, name, 'test'), sample),
  };
}

export const loadSpirals = (seed = DATA_SEED): RawDataset => synthetic('spirals', 2, spiralPoint, seed);
export const loadBlobs = (seed = DATA_SEED): RawDataset => synthetic('blobs', BLOB_CLASSES, blobPoint, seed);
