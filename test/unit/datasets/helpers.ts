import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const VEGA = join(process.cwd(), 'node_modules/vega-datasets/data');

/** A fresh data dir and a folder for source files, per test. */
export function tempDirs(): { dataDir: string; write(name: string, content: string | Uint8Array): string } {
  const root = mkdtempSync(join(tmpdir(), 'layerlab-datasets-'));
  const dataDir = join(root, 'data');
  const srcDir = join(root, 'src');
  mkdirSync(srcDir);
  return {
    dataDir,
    write(name, content) {
      const file = join(srcDir, name);
      writeFileSync(file, content);
      return file;
    },
  };
}

/** Everything under <dataDir>/datasets, hidden temp dirs included. */
export function datasetEntries(dataDir: string): string[] {
  const root = join(dataDir, 'datasets');
  return existsSync(root) ? readdirSync(root) : [];
}
