/** Float32 tensors in JSON files: `{ shape, data }`, data = base64 of the values, little-endian, row-major. */
export interface EncodedTensor {
  shape: number[];
  data: string;
}

export function encodeTensor(values: Float32Array, shape: readonly number[]): EncodedTensor {
  const bytes = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  return { shape: [...shape], data: bytes.toString('base64') };
}

/** The values of an encoded tensor, or a sentence saying why they do not fit its shape. */
export function decodeTensor(entry: EncodedTensor): Float32Array | string {
  const bytes = Buffer.from(entry.data, 'base64');
  const size = entry.shape.reduce((a, b) => a * b, 1);
  if (bytes.length !== size * 4) return `holds ${bytes.length / 4} values, its shape ${entry.shape.join('×')} needs ${size}`;
  const values = new Float32Array(size);
  new Uint8Array(values.buffer).set(bytes);
  return values;
}
