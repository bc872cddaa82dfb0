import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { DatasetUsageError } from './errors';
import { datasetDir, datasetsRoot, type ImportedDatasetMeta } from '../../engine/data/imported-meta';

/**
 * A dataset being written: files go to a hidden temp dir beside the final one, which is renamed into
 * place only when everything, meta.json last, is written. On failure the temp dir is removed, so no
 * half-imported dataset is ever visible.
 */
export class DatasetStaging {
  readonly dir: string;
  private done = false;

  constructor(
    private readonly dataDir: string,
    readonly name: string,
  ) {
    if (existsSync(datasetDir(dataDir, name))) {
      throw new DatasetUsageError(`a dataset named "${name}" already exists; remove it first (layerlab dataset remove ${name}) or choose another --name`);
    }
    mkdirSync(datasetsRoot(dataDir), { recursive: true });
    this.dir = mkdtempSync(join(datasetsRoot(dataDir), `.importing-${name}-`));
  }

  openBinary(file: string): BinaryFile {
    return new BinaryFile(join(this.dir, file));
  }

  writeBinary(file: string, values: ArrayBufferView): void {
    writeFileSync(join(this.dir, file), new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  }

  commit(meta: ImportedDatasetMeta): void {
    writeFileSync(join(this.dir, 'meta.json'), `${JSON.stringify(meta, null, 1)}\n`);
    chmodSync(this.dir, 0o755);
    renameSync(this.dir, datasetDir(this.dataDir, this.name));
    this.done = true;
  }

  /** Removes the temp dir unless committed; safe to call in `finally`. */
  discard(): void {
    if (!this.done) rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Appends typed arrays to a file in their native (little-endian) byte order. */
export class BinaryFile {
  private readonly fd: number;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
  }

  write(values: ArrayBufferView): void {
    const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    let written = 0;
    while (written < bytes.length) written += writeSync(this.fd, bytes, written, bytes.length - written);
  }

  close(): void {
    closeSync(this.fd);
  }
}
