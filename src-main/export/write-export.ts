import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExportFiles } from './export-files';

/** Writes an export's files into a folder (made if missing); returns their paths. */
export function writeExportFiles(exported: ExportFiles, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  return exported.files.map(({ name, data }) => {
    const path = join(dir, name);
    writeFileSync(path, data);
    return path;
  });
}
