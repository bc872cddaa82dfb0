import { zipSync } from 'fflate';

export interface NpyArray {
  shape: readonly number[];
  values: Float32Array;
}

/**
 * One array as a .npy file (format version 1.0): the magic \x93NUMPY, the version, a little-endian uint16 header
 * length, a Python dict literal naming dtype '<f4', C order and the shape, padded with spaces and ended by \n so
 * the data starts at a multiple of 64 bytes, then the values.
 */
export function npyBytes({ shape, values }: NpyArray): Uint8Array {
  const size = shape.reduce((a, b) => a * b, 1);
  if (size !== values.length) throw new Error(`an array of shape (${shape.join(', ')}) holds ${size} values, not ${values.length}`);
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const preamble = 10;
  const headerLength = Math.ceil((preamble + dict.length + 1) / 64) * 64 - preamble;
  const header = dict.padEnd(headerLength - 1, ' ') + '\n';
  const bytes = new Uint8Array(preamble + headerLength + values.byteLength);
  bytes.set([0x93, ...new TextEncoder().encode('NUMPY'), 1, 0, headerLength & 0xff, headerLength >> 8]);
  bytes.set(new TextEncoder().encode(header), preamble);
  bytes.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), preamble + headerLength);
  return bytes;
}

/** Named arrays as an .npz file (numpy.load reads it): a zip of <name>.npy files, deflated. */
export function npzBytes(arrays: Record<string, NpyArray>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(arrays).map(([name, array]) => [`${name}.npy`, npyBytes(array)])), { level: 6 });
}
