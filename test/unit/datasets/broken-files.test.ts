import { describe, expect, it } from 'vitest';
import { encodeIdx } from '../../../src-main/engine/data/idx';
import { DatasetImportError, importDataset } from '../../../src-main/services/datasets';
import { datasetEntries, tempDirs } from './helpers';

/** Imports, expects a DatasetImportError whose message holds every fragment, and checks nothing stayed behind. */
async function expectBroken(dataDir: string, request: { files: string[]; target?: string }, fragments: (string | RegExp)[]): Promise<void> {
  const failure = await importDataset({ ...request, name: 'broken', dataDir }).then(
    () => null,
    (error: unknown) => error,
  );
  expect(failure).toBeInstanceOf(DatasetImportError);
  const message = (failure as Error).message;
  for (const fragment of fragments) expect(message).toMatch(fragment);
  expect(datasetEntries(dataDir)).toEqual([]);
}

const images = (count: number) => encodeIdx('ubyte', [count, 2, 2], new Array(count * 4).fill(7));
const labels = (count: number) => encodeIdx('ubyte', [count], new Array(count).fill(1));

describe('broken files are refused with the file and the place named', () => {
  it('wrong IDX magic', async () => {
    const { dataDir, write } = tempDirs();
    const bad = images(3);
    bad[0] = 0x50; // "P", as in a PNG or a text file
    const file = write('train-images-idx3-ubyte', bad);
    await expectBroken(dataDir, { files: [file, write('train-labels-idx1-ubyte', labels(3))] }, ['train-images-idx3-ubyte', 'byte 0', /magic/]);
  });

  it('truncated IDX', async () => {
    const { dataDir, write } = tempDirs();
    const file = write('train-images-idx3-ubyte', images(3).subarray(0, 16 + 10));
    await expectBroken(dataDir, { files: [file, write('train-labels-idx1-ubyte', labels(3))] }, ['train-images-idx3-ubyte', 'byte 26', /truncated/]);
  });

  it('image and label counts differ', async () => {
    const { dataDir, write } = tempDirs();
    const files = [write('train-images-idx3-ubyte', images(3)), write('train-labels-idx1-ubyte', labels(4))];
    await expectBroken(dataDir, { files }, ['train-labels-idx1-ubyte', 'byte 4', '4 labels', '3 examples']);
  });

  it('ragged CSV row', async () => {
    const { dataDir, write } = tempDirs();
    const file = write('ragged.csv', 'a,b,label\n1,2,x\n3,4,y\n5,6,7,z\n');
    await expectBroken(dataDir, { files: [file] }, ['ragged.csv', 'line 4', '4 fields', 'has 3']);
  });

  it('text in a numeric column', async () => {
    const { dataDir, write } = tempDirs();
    const rows = Array.from({ length: 10 }, (_, i) => `${i},${i * 2},${i % 2 ? 'odd' : 'even'}`);
    rows[6] = '6,twelve,even';
    const file = write('text.csv', `a,b,parity\n${rows.join('\n')}\n`);
    await expectBroken(dataDir, { files: [file] }, ['text.csv', 'line 8', 'column 2 "b"', '"twelve" is not a number']);
  });

  it('unknown target column', async () => {
    const { dataDir, write } = tempDirs();
    const file = write('target.csv', 'height,weight,species\n1,2,cat\n3,4,dog\n');
    await expectBroken(dataDir, { files: [file], target: 'specie' }, ['target.csv', 'line 1', 'no column "specie"', '"height", "weight", "species"']);
  });

  it('empty CSV file', async () => {
    const { dataDir, write } = tempDirs();
    await expectBroken(dataDir, { files: [write('empty.csv', '')] }, ['empty.csv', 'byte 0', 'empty']);
  });

  it('empty IDX file', async () => {
    const { dataDir, write } = tempDirs();
    const files = [write('train-images-idx3-ubyte', new Uint8Array(0)), write('train-labels-idx1-ubyte', labels(3))];
    await expectBroken(dataDir, { files }, ['train-images-idx3-ubyte', 'byte 0', 'empty']);
  });

  it('missing values without --drop-missing', async () => {
    const { dataDir, write } = tempDirs();
    const file = write('gaps.csv', 'a,b,y\n1,2,3\n4,,6\n7,8,9\n');
    await expectBroken(dataDir, { files: [file] }, ['gaps.csv', 'line 3', 'column 2 "b"', '--drop-missing']);
  });

  it('unclosed quote', async () => {
    const { dataDir, write } = tempDirs();
    const file = write('quote.csv', 'a,b,y\n1,2,3\n4,"5,6\n');
    await expectBroken(dataDir, { files: [file] }, ['quote.csv', /line \d/]);
  });

  it('JSON that is not a record array', async () => {
    const { dataDir, write } = tempDirs();
    await expectBroken(dataDir, { files: [write('bad.json', '[{"a": 1, "y": 2}, 5]')] }, ['bad.json', 'record 2']);
  });
});
