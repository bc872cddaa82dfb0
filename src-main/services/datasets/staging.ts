import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { isProcessAlive } from '../../store/process-alive';
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
    // The pid in the name tells a live import from one whose process was killed (removeAbandonedImports).
    this.dir = mkdtempSync(join(datasetsRoot(dataDir), `${STAGING_PREFIX}${process.pid}-${name}-`));
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

const STAGING_PREFIX = '.importing-';
/** A staging folder without a pid (written before pids were recorded) this old belongs to no running import. */
const UNOWNED_AGE_MS = 24 * 60 * 60 * 1000;

/**
 * Removes the hidden folders of imports whose process died (kill -9, power loss) before it could clean up;
 * called when LayerLab starts (the API service) and before each import. Returns the folders removed.
 */
export function removeAbandonedImports(dataDir: string, now = Date.now()): string[] {
  const root = datasetsRoot(dataDir);
  if (!existsSync(root)) return [];
  const removed: string[] = [];
  for (const entry of readdirSync(root)) {
    if (!entry.startsWith(STAGING_PREFIX)) continue;
    const dir = join(root, entry);
    const pid = Number(/^\.importing-(\d+)-/.exec(entry)?.[1] ?? NaN);
    const abandoned = Number.isInteger(pid) ? pid !== process.pid && !isProcessAlive(pid) : now - statSync(dir).mtimeMs > UNOWNED_AGE_MS;
    if (abandoned) {
      rmSync(dir, { recursive: true, force: true });
      removed.push(dir);
    }
  }
  return removed;
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
