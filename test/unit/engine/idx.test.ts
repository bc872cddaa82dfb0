import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { encodeIdx, parseIdx, readIdxSplit, IdxError, type IdxTypeName } from '../../../src-main/engine/data';

const dir = mkdtempSync(join(tmpdir(), 'layerlab-idx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeFile(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

describe('IDX reader', () => {
  const cases: [IdxTypeName, number, number[]][] = [
    ['ubyte', 0x08, [0, 1, 128, 255]],
    ['sbyte', 0x09, [-128, -1, 0, 127]],
    ['short', 0x0b, [-32768, -2, 300, 32767]],
    ['int', 0x0c, [-2147483648, -5, 70000, 2147483647]],
    ['float', 0x0d, [-1.5, 0, 0.25, 1048576.5]],
    ['double', 0x0e, [-1e-300, Math.PI, 0, 1e300]],
  ];

  test.each(cases)('%s (type code %i): big-endian values come back exactly', (typeName, code, values) => {
    const bytes = encodeIdx(typeName, [2, 2], values);
    expect(bytes[2]).toBe(code);
    const parsed = parseIdx(bytes, 'f.idx');
    expect(parsed.typeName).toBe(typeName);
    expect(parsed.shape).toEqual([2, 2]);
    expect(Array.from(parsed.data)).toEqual(values);
  });

  test.each(['ubyte', 'sbyte'] as const)('%s from a Node Buffer (as readFileSync returns) holds only the values', (typeName) => {
    const bytes = Buffer.from(encodeIdx(typeName, [3], typeName === 'ubyte' ? [1, 254, 3] : [1, -2, 3]));
    const parsed = parseIdx(bytes, 'buf.idx');
    expect(parsed.data.length).toBe(3);
    expect(parsed.data.byteOffset).toBe(0);
    expect(Array.from(parsed.data)).toEqual(typeName === 'ubyte' ? [1, 254, 3] : [1, -2, 3]);
    bytes[8] = 99;
    expect(parsed.data[0]).toBe(1);
  });

  test('big-endian on disk: a short 0x0102 is stored as 01 02', () => {
    const bytes = encodeIdx('short', [1], [0x0102]);
    expect(Array.from(bytes.subarray(8))).toEqual([1, 2]);
  });

  test('any rank: 1-D labels and 4-D tensors; a limit keeps the first entries', () => {
    expect(parseIdx(encodeIdx('ubyte', [3], [7, 8, 9]), 'l').shape).toEqual([3]);
    const tensor = parseIdx(encodeIdx('float', [3, 2, 1, 2], Array.from({ length: 12 }, (_, i) => i)), 't', 2);
    expect(tensor.shape).toEqual([2, 2, 1, 2]);
    expect(Array.from(tensor.data)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  test('wrong magic names the file and byte 0, says what a gzip file is, and quotes none of its bytes', () => {
    const bytes = encodeIdx('ubyte', [2], [1, 2]);
    bytes[0] = 0x1f;
    bytes[1] = 0x8b;
    expect(() => parseIdx(bytes, 'images.gz')).toThrow(/^images\.gz: at byte 0: wrong magic number \(this file is gzip-compressed: gunzip it first\)/);
    expect(() => parseIdx(new TextEncoder().encode('root:x:0:0'), 'passwd')).toThrow(/^passwd: at byte 0: wrong magic number: an IDX file starts with 0x00 0x00/);
  });

  test('an unknown element type names byte 2 and the allowed codes', () => {
    const bytes = encodeIdx('ubyte', [2], [1, 2]);
    bytes[2] = 0x0a;
    expect(() => parseIdx(bytes, 'x.idx')).toThrow(/x\.idx: at byte 2: unknown element type; expected 0x08 ubyte/);
  });

  test('a file shorter than its magic, or than its header', () => {
    expect(() => parseIdx(new Uint8Array([0, 0]), 'tiny')).toThrow(/tiny: at byte 2: file ends inside the 4-byte magic/);
    expect(() => parseIdx(new Uint8Array([0, 0, 8, 3, 0, 0, 0, 1]), 'hdr')).toThrow(/hdr: at byte 8: truncated header: rank 3 needs 16 header bytes/);
  });

  test('truncated data names the offset where the file ends and what the header promised', () => {
    const bytes = encodeIdx('short', [4, 3], Array.from({ length: 12 }, (_, i) => i));
    expect(() => parseIdx(bytes.subarray(0, 20), 'cut.idx')).toThrow(/cut\.idx: at byte 20: truncated data: the header says 4x3 short values \(36 bytes in all\), the file ends after 20 bytes/);
  });

  test('extra bytes after the data are reported at the offset where they start', () => {
    const bytes = encodeIdx('ubyte', [2], [1, 2]);
    const longer = new Uint8Array(bytes.length + 3);
    longer.set(bytes);
    expect(() => parseIdx(longer, 'long.idx')).toThrow(/long\.idx: at byte 10: 3 unexpected bytes/);
  });

  test('images and labels with different counts: the error names both files', () => {
    const images = writeFile('img-idx3-ubyte', encodeIdx('ubyte', [3, 2, 2], Array(12).fill(1)));
    const labels = writeFile('lab-idx1-ubyte', encodeIdx('ubyte', [2], [0, 1]));
    try {
      readIdxSplit(images, labels);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(IdxError);
      expect((error as Error).message).toContain(labels);
      expect((error as Error).message).toContain(`2 labels, but ${images} holds 3 examples`);
    }
  });

  test('readIdxSplit: 3-D images get a channel axis; labels become class indices', () => {
    const images = writeFile('ok-images', encodeIdx('ubyte', [2, 2, 3], [0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]));
    const labels = writeFile('ok-labels', encodeIdx('ubyte', [2], [7, 3]));
    const split = readIdxSplit(images, labels);
    expect(split.shape).toEqual([2, 3, 1]);
    expect(split.count).toBe(2);
    expect(Array.from(split.y)).toEqual([7, 3]);
    expect(split.x[11]).toBe(255);
  });
});
