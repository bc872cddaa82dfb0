import { readFileSync, writeFileSync } from 'node:fs';

/**
 * predictions.bin: one predicted class per test example, uint8 when there are at most 256 classes,
 * else uint16 little-endian; for regression the outputs as float32 little-endian.
 */
export function encodePredictions(predictions: Int32Array | Float32Array, classes: number): Uint8Array {
  if (predictions instanceof Float32Array) return new Uint8Array(predictions.buffer.slice(predictions.byteOffset, predictions.byteOffset + predictions.byteLength));
  if (classes <= 256) return Uint8Array.from(predictions);
  const wide = Uint16Array.from(predictions);
  return new Uint8Array(wide.buffer);
}

export function savePredictions(path: string, predictions: Int32Array | Float32Array, classes: number): number {
  const bytes = encodePredictions(predictions, classes);
  writeFileSync(path, bytes);
  return bytes.length;
}

/** Reads predicted classes back; the element width follows from the file size and the test count. */
export function readPredictions(path: string, testCount: number): Uint8Array | Uint16Array {
  const bytes = readFileSync(path);
  if (bytes.length === testCount) return new Uint8Array(bytes);
  if (bytes.length === 2 * testCount) return new Uint16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  throw new Error(`${path}: ${bytes.length} bytes do not hold one uint8 or uint16 class per each of ${testCount} test examples`);
}

/** probabilities.bin: float32 little-endian class probabilities, [test examples × classes] row-major. */
export function saveProbabilities(path: string, probabilities: Float32Array): number {
  const bytes = new Uint8Array(probabilities.buffer, probabilities.byteOffset, probabilities.byteLength);
  writeFileSync(path, bytes);
  return bytes.length;
}

/** Reads class probabilities back as [testCount × classes]; throws naming the file when its size does not fit. */
export function readProbabilities(path: string, testCount: number, classes: number): Float32Array {
  const bytes = readFileSync(path);
  if (bytes.length !== testCount * classes * 4) {
    throw new Error(`${path}: ${bytes.length} bytes do not hold ${testCount} × ${classes} float32 class probabilities (${testCount * classes * 4} bytes)`);
  }
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
}
