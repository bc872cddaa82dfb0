import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CheckpointError, positionFileOf, readCheckpointFile, writeCheckpointFile, type CheckpointContent } from '../../../src-main/engine/checkpoint-file';
import { peekCheckpoint } from '../../../src-main/engine/checkpoint-peek';
import { decodeTensor, encodeTensor } from '../../../src-main/engine/tensor-codec';

function content(stepsDone: number): CheckpointContent {
  const kernel = Float32Array.from([0.5, -1.25, 3, Number.MIN_VALUE]);
  return {
    format: 1,
    spec: { format: 1, name: 'tiny', nodes: [], edges: [] },
    weights: { out: { kernel: encodeTensor(kernel, [2, 2]) } },
    checkpoint: {
      format: 1,
      runId: 'run-1',
      savedAt: '2024-01-01T00:00:00.000Z',
      position: { epochsDone: 1, stepsDone, stepsPerEpoch: 4, batchesDone: stepsDone - 4, lossSum: 0.1 + 0.2, correctSum: 3, seen: 20, lastEpochLoss: 0.7 },
      optimizer: { kind: 'adam', iterations: stepsDone, slots: { out: { kernel: [encodeTensor(kernel, [2, 2]), encodeTensor(kernel.map((v) => v * v), [2, 2])] } } },
    },
  };
}

function folder(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'layerlab-ckpt-')), 'artifacts', 'run-1');
  mkdirSync(dir, { recursive: true });
  return dir;
}

const corruptions: [string, (text: string) => string, RegExp][] = [
  ['cut short (a disk that filled up)', (text) => text.slice(0, text.length / 2), /it is not complete JSON/],
  ['one character of the weights changed', (text) => text.replace(/"data":"(.)/, (_m, c: string) => `"data":"${c === 'A' ? 'B' : 'A'}`), /do not match its checksum/],
  ['its checksum removed', (text) => text.replace(/,"checksum":"[^"]*"/, ''), /it has no "checksum"/],
  ['not a JSON object', () => '[]', /it holds no JSON object/],
];

describe('checkpoint files', () => {
  test('round trip: every value exact, the newer write replaces the older, no temporary file left', () => {
    const dir = folder();
    const path = join(dir, 'checkpoint.json');
    writeCheckpointFile(path, content(5));
    const bytes = writeCheckpointFile(path, content(6));
    expect(bytes).toBe(readFileSync(path).length);
    expect(readdirSync(dir).sort()).toEqual(['checkpoint.json', 'checkpoint.position.json']);

    const read = readCheckpointFile(path);
    expect(read.checkpoint.position).toEqual(content(6).checkpoint.position);
    expect(read.checkpoint.optimizer.iterations).toBe(6);
    expect(Array.from(decodeTensor(read.weights.out.kernel) as Float32Array)).toEqual([0.5, -1.25, 3, Math.fround(Number.MIN_VALUE)]);
    expect(read.spec).toEqual(content(6).spec);
  });

  test('a temporary file left by a writer killed mid-write does not replace the checkpoint, and the next write removes it', () => {
    const dir = folder();
    const path = join(dir, 'checkpoint.json');
    writeCheckpointFile(path, content(5));
    writeFileSync(`${path}.99999.tmp`, JSON.stringify(content(6)).slice(0, 40));
    expect(readCheckpointFile(path).checkpoint.position.stepsDone).toBe(5);
    writeCheckpointFile(path, content(7));
    expect(readdirSync(dir).sort()).toEqual(['checkpoint.json', 'checkpoint.position.json']);
  });

  test('a write that fails leaves the previous checkpoint as it was and no temporary file', () => {
    const dir = folder();
    const path = join(dir, 'checkpoint.json');
    writeCheckpointFile(path, content(5));
    const before = readFileSync(path, 'utf8');
    const unwritable = { ...content(6), extra: 1n } as unknown as CheckpointContent;
    expect(() => writeCheckpointFile(path, unwritable)).toThrow(/BigInt/);
    expect(readFileSync(path, 'utf8')).toBe(before);
    expect(readdirSync(dir).sort()).toEqual(['checkpoint.json', 'checkpoint.position.json']);

    // Failing at the rename, after the temporary file was written: the temporary file goes too.
    const blocked = join(dir, 'blocked.json');
    mkdirSync(join(blocked, 'inside'), { recursive: true });
    expect(() => writeCheckpointFile(blocked, content(6))).toThrow(/EISDIR|ENOTEMPTY|EEXIST|EPERM/);
    expect(readdirSync(dir).sort()).toEqual(['blocked.json', 'checkpoint.json', 'checkpoint.position.json']);
  });

  test.each(corruptions)('a checkpoint %s is refused naming the file and the fix', (_what, damage, reason) => {
    const dir = folder();
    const path = join(dir, 'checkpoint.json');
    writeCheckpointFile(path, content(5));
    writeFileSync(path, damage(readFileSync(path, 'utf8')));
    let error: unknown;
    try {
      readCheckpointFile(path);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CheckpointError);
    const message = (error as Error).message;
    expect(message).toMatch(reason);
    expect(message.startsWith(`${path} is not a usable checkpoint: `)).toBe(true);
    expect(message).toMatch(/metrics and other artifacts are unaffected; to get trained weights, train the run again from the start/);
    expect(existsSync(path)).toBe(true);
  });

  test('a missing checkpoint and one whose checkpoint section is malformed say so', () => {
    const dir = folder();
    const path = join(dir, 'checkpoint.json');
    expect(() => readCheckpointFile(path)).toThrow(`${path} is not a usable checkpoint: the file does not exist.`);
    const bad = content(5);
    (bad.checkpoint.position as unknown as Record<string, unknown>).stepsDone = -1;
    writeCheckpointFile(path, bad);
    expect(() => readCheckpointFile(path)).toThrow(/the file\.checkpoint\.position\.stepsDone: /);
  });
});

describe('peeking at a checkpoint (main), without reading it whole', () => {
  test('its position file gives the position and size of the checkpoint beside it', () => {
    const path = join(folder(), 'checkpoint.json');
    writeCheckpointFile(path, content(5));
    const bytes = writeCheckpointFile(path, content(6));
    expect(peekCheckpoint(path)).toEqual({ bytes, position: content(6).checkpoint.position });
    expect(statSync(positionFileOf(path)).size).toBeLessThan(300);
  });

  test('a crash after the checkpoint was replaced but before its position file was: the position is unknown, not the older one', () => {
    const path = join(folder(), 'checkpoint.json');
    writeCheckpointFile(path, content(5));
    const olderPosition = readFileSync(positionFileOf(path), 'utf8');
    const bytes = writeCheckpointFile(path, content(6));
    writeFileSync(positionFileOf(path), olderPosition);
    expect(peekCheckpoint(path)).toEqual({ bytes, position: null, unknownBecause: `${positionFileOf(path)} describes an earlier checkpoint` });
    // The checkpoint itself is whole: the trainer that resumes from it reads step 6.
    expect(readCheckpointFile(path).checkpoint.position.stepsDone).toBe(6);
  });

  test('a missing or malformed position file: the position is unknown', () => {
    const path = join(folder(), 'checkpoint.json');
    const bytes = writeCheckpointFile(path, content(5));
    rmSync(positionFileOf(path));
    expect(peekCheckpoint(path)).toMatchObject({ bytes, position: null, unknownBecause: expect.stringMatching(/checkpoint\.position\.json cannot be read \(ENOENT/) });
    writeFileSync(positionFileOf(path), '{"format":1}');
    expect(peekCheckpoint(path)).toEqual({ bytes, position: null, unknownBecause: `${positionFileOf(path)} is not a position file` });
  });

  test.each(corruptions.filter(([what]) => what !== 'one character of the weights changed'))('a checkpoint %s is refused at a glance', (_what, damage) => {
    const path = join(folder(), 'checkpoint.json');
    writeCheckpointFile(path, content(5));
    writeFileSync(path, damage(readFileSync(path, 'utf8')));
    expect(() => peekCheckpoint(path)).toThrow(CheckpointError);
    expect(() => peekCheckpoint(path)).toThrow(`${path} is not a usable checkpoint: it does not end with its checksum (it was cut short or changed)`);
  });

  test('damage inside a whole-looking checkpoint passes the glance; reading it whole (the trainer, at resume) refuses it', () => {
    const path = join(folder(), 'checkpoint.json');
    writeCheckpointFile(path, content(5));
    writeFileSync(path, corruptions[1][1](readFileSync(path, 'utf8')));
    expect(peekCheckpoint(path).position).toEqual(content(5).checkpoint.position);
    expect(() => readCheckpointFile(path)).toThrow(/do not match its checksum/);
  });

  test('a missing checkpoint says so', () => {
    const path = join(folder(), 'checkpoint.json');
    expect(() => peekCheckpoint(path)).toThrow(`${path} is not a usable checkpoint: the file does not exist.`);
  });
});
