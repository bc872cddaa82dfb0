import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { uploadsRoot } from '../services/datasets/uploads';
import { HttpError } from './http-error';
import { declaredLength, drain, formatBytes } from './request-body';

/** A dataset file sent to PUT /api/uploads goes straight to disk; this many bytes at most. */
export const MAX_UPLOAD_BYTES = 4 * 2 ** 30;

/**
 * PUT /api/uploads?filename=NAME: streams the body into <dataDir>/uploads/<id>/NAME and returns the id,
 * which datasets.import takes as `{upload: id}`. Uploads are removed by the import that uses them, and at the
 * host's next start.
 */
export async function receiveUpload(req: IncomingMessage, url: URL, dataDir: string, limit = MAX_UPLOAD_BYTES): Promise<{ upload: string; filename: string; bytes: number }> {
  if (req.method !== 'PUT') throw new HttpError(405, 'bad-request', 'use PUT for /api/uploads');
  const filename = basename(url.searchParams.get('filename') ?? '').replace(/[^\w.+-]/g, '_');
  if (filename === '' || filename.startsWith('.')) throw new HttpError(400, 'bad-request', '/api/uploads: give the file name as ?filename=NAME (its extension tells the format)');
  const declared = declaredLength(req);
  if (declared !== null && declared > limit) {
    drain(req);
    throw new HttpError(413, 'too-large', `/api/uploads: ${filename} is larger than ${formatBytes(limit)}; import it with \`layerlab dataset import\` instead`);
  }
  const upload = randomBytes(16).toString('hex');
  const dir = join(uploadsRoot(dataDir), upload);
  let bytes = 0;
  try {
    mkdirSync(dir, { recursive: true });
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        if (bytes > limit) done(new HttpError(413, 'too-large', `/api/uploads: ${filename} is larger than ${formatBytes(limit)}; import it with \`layerlab dataset import\` instead`));
        else done(null, chunk);
      },
    });
    await pipeline(req, counter, createWriteStream(join(dir, filename)));
    return { upload, filename, bytes };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    drain(req);
    if (error instanceof HttpError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC' || code === 'EDQUOT') {
      throw new HttpError(507, 'disk-full', `/api/uploads: the disk holding ${uploadsRoot(dataDir)} is full; free space there (or serve with another --data-dir) and upload again`);
    }
    if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') {
      throw new HttpError(507, 'read-only', `/api/uploads: cannot write into ${uploadsRoot(dataDir)} (${code}); the data dir must be writable to import datasets`);
    }
    if (code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNRESET') throw new HttpError(400, 'bad-request', `/api/uploads: the upload of ${filename} was cut off`);
    throw error;
  }
}
