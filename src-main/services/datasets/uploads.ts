import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DatasetUsageError } from './errors';

const UPLOAD_ID = /^[0-9a-f]{32}$/;

/** Where the headless host keeps files uploaded for an import (on the data dir's disk, like the dataset they become). */
export function uploadsRoot(dataDir: string): string {
  return join(dataDir, 'uploads');
}

/** The file an upload id names. */
export function uploadedFile(dataDir: string, upload: string): string {
  const dir = join(uploadsRoot(dataDir), upload);
  const names = UPLOAD_ID.test(upload) && existsSync(dir) ? readdirSync(dir) : [];
  if (names.length !== 1) throw new DatasetUsageError(`no uploaded file "${upload.slice(0, 40)}"; upload it again (PUT /api/uploads)`);
  return join(dir, names[0]);
}

export function removeUpload(dataDir: string, upload: string): void {
  if (UPLOAD_ID.test(upload)) rmSync(join(uploadsRoot(dataDir), upload), { recursive: true, force: true });
}

/** An upload this old is not part of an import still being made. */
const LEFTOVER_AGE_MS = 60 * 60 * 1000;

/** Uploads left by a host that was killed (or never imported); called when a host starts. */
export function removeLeftoverUploads(dataDir: string, now = Date.now()): void {
  const root = uploadsRoot(dataDir);
  if (!existsSync(root)) return;
  for (const name of readdirSync(root)) {
    const dir = join(root, name);
    if (now - statSync(dir).mtimeMs > LEFTOVER_AGE_MS) rmSync(dir, { recursive: true, force: true });
  }
}
