/**
 * IDX files (LeCun's MNIST format): a 4-byte magic (0, 0, type code, rank), one big-endian uint32 per
 * dimension, then the values, big-endian, row-major. Errors name the file and the byte offset.
 */

export type IdxArray = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

export interface IdxTensor {
  typeName: IdxTypeName;
  shape: number[];
  data: IdxArray;
}

export type IdxTypeName = 'ubyte' | 'sbyte' | 'short' | 'int' | 'float' | 'double';

interface IdxType {
  name: IdxTypeName;
  bytes: number;
  create(length: number): IdxArray;
  read(view: DataView, offset: number): number;
}

const IDX_TYPES: Record<number, IdxType> = {
  0x08: { name: 'ubyte', bytes: 1, create: (n) => new Uint8Array(n), read: (v, o) => v.getUint8(o) },
  0x09: { name: 'sbyte', bytes: 1, create: (n) => new Int8Array(n), read: (v, o) => v.getInt8(o) },
  0x0b: { name: 'short', bytes: 2, create: (n) => new Int16Array(n), read: (v, o) => v.getInt16(o, false) },
  0x0c: { name: 'int', bytes: 4, create: (n) => new Int32Array(n), read: (v, o) => v.getInt32(o, false) },
  0x0d: { name: 'float', bytes: 4, create: (n) => new Float32Array(n), read: (v, o) => v.getFloat32(o, false) },
  0x0e: { name: 'double', bytes: 8, create: (n) => new Float64Array(n), read: (v, o) => v.getFloat64(o, false) },
};

export class IdxError extends Error {
  constructor(
    readonly file: string,
    readonly offset: number,
    detail: string,
  ) {
    super(`${file}: at byte ${offset}: ${detail}`);
    this.name = 'IdxError';
  }
}

/**
 * Parses one IDX file. `limit` keeps only the first `limit` entries along the first axis
 * (the file must still hold at least as many values as its header promises up to that point).
 */
export function parseIdx(bytes: Uint8Array, file: string, limit?: number): IdxTensor {
  if (bytes.length < 4) throw new IdxError(file, bytes.length, `file ends inside the 4-byte magic number (it has ${bytes.length} bytes)`);
  // Errors say what the bytes are not, never what they are: the file may be anything (a path given by mistake).
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    const gzip = bytes[0] === 0x1f && bytes[1] === 0x8b ? ' (this file is gzip-compressed: gunzip it first)' : '';
    throw new IdxError(file, 0, `wrong magic number${gzip}: an IDX file starts with 0x00 0x00, a type code and the rank`);
  }
  const type = IDX_TYPES[bytes[2]];
  if (!type) {
    throw new IdxError(file, 2, 'unknown element type; expected 0x08 ubyte, 0x09 sbyte, 0x0b short, 0x0c int, 0x0d float or 0x0e double');
  }
  const rank = bytes[3];
  if (rank === 0) throw new IdxError(file, 3, 'rank 0: an IDX file needs at least one dimension');
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) {
    throw new IdxError(file, bytes.length, `truncated header: rank ${rank} needs ${headerBytes} header bytes, the file has ${bytes.length}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  for (let axis = 0; axis < rank; axis++) shape.push(view.getUint32(4 + 4 * axis, false));
  const empty = shape.findIndex((size, axis) => axis > 0 && size === 0);
  if (empty > 0) throw new IdxError(file, 4 + 4 * empty, `dimension ${empty + 1} of ${shape.join('x')} is 0, so its examples hold no values`);

  const fullCount = shape.reduce((a, b) => a * b, 1);
  const expectedBytes = headerBytes + fullCount * type.bytes;
  if (bytes.length < expectedBytes) {
    throw new IdxError(
      file,
      bytes.length,
      `truncated data: the header says ${shape.join('x')} ${type.name} values (${expectedBytes} bytes in all), the file ends after ${bytes.length} bytes`,
    );
  }
  if (bytes.length > expectedBytes) {
    throw new IdxError(file, expectedBytes, `${bytes.length - expectedBytes} unexpected bytes after the ${shape.join('x')} ${type.name} values the header announces`);
  }

  const kept = limit === undefined ? shape[0] : Math.min(limit, shape[0]);
  const keptShape = [kept, ...shape.slice(1)];
  const count = keptShape.reduce((a, b) => a * b, 1);
  let data: IdxArray;
  if (type.bytes === 1) {
    // A copy of just the values: Buffer.slice (readFileSync's result) would be a view of the whole file.
    const values = new Uint8Array(bytes.subarray(headerBytes, headerBytes + count));
    data = type.name === 'ubyte' ? values : new Int8Array(values.buffer);
  } else {
    data = type.create(count);
    for (let i = 0; i < count; i++) data[i] = type.read(view, headerBytes + i * type.bytes);
    const bad = data.findIndex((value) => !Number.isFinite(value));
    if (bad >= 0) {
      const perExample = count / Math.max(1, kept);
      throw new IdxError(
        file,
        headerBytes + bad * type.bytes,
        `example ${Math.floor(bad / perExample) + 1}, value ${(bad % perExample) + 1} is ${Number.isNaN(data[bad]) ? 'NaN' : 'infinite'}; every value must be a finite number`,
      );
    }
  }
  return { typeName: type.name, shape: keptShape, data };
}

/** Checks that an images file and a labels file describe the same number of examples. */
export function checkIdxPair(images: IdxTensor, labels: IdxTensor, imagesFile: string, labelsFile: string): void {
  if (images.shape[0] !== labels.shape[0]) {
    throw new IdxError(
      labelsFile,
      4,
      `${labels.shape[0]} labels, but ${imagesFile} holds ${images.shape[0]} examples; the first dimension of both files must match`,
    );
  }
}

/** Serialises a tensor as IDX (used by tests and for exporting). */
export function encodeIdx(typeName: IdxTypeName, shape: number[], values: ArrayLike<number>): Uint8Array {
  const code = Number(Object.entries(IDX_TYPES).find(([, type]) => type.name === typeName)![0]);
  const type = IDX_TYPES[code];
  const headerBytes = 4 + 4 * shape.length;
  const out = new Uint8Array(headerBytes + values.length * type.bytes);
  const view = new DataView(out.buffer);
  out[2] = code;
  out[3] = shape.length;
  shape.forEach((dim, axis) => view.setUint32(4 + 4 * axis, dim, false));
  for (let i = 0; i < values.length; i++) {
    const offset = headerBytes + i * type.bytes;
    const value = values[i];
    switch (type.name) {
      case 'ubyte': view.setUint8(offset, value); break;
      case 'sbyte': view.setInt8(offset, value); break;
      case 'short': view.setInt16(offset, value, false); break;
      case 'int': view.setInt32(offset, value, false); break;
      case 'float': view.setFloat32(offset, value, false); break;
      case 'double': view.setFloat64(offset, value, false); break;
    }
  }
  return out;
}
