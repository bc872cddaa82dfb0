import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-error';

/** Deeper JSON than this is refused before anything walks it recursively (JSON.stringify, schema checks). */
export const MAX_JSON_DEPTH = 200;

export function tooLarge(what: string, limit: number): HttpError {
  return new HttpError(413, 'too-large', `${what}: the request body is larger than ${formatBytes(limit)}; ${limitAdvice(what)}`);
}

function limitAdvice(what: string): string {
  return what.includes('datasets.import') ? 'upload large files with PUT /api/uploads (the app does this itself) or import them with `layerlab dataset import`' : 'send less';
}

export function formatBytes(bytes: number): string {
  return bytes >= 2 ** 30 ? `${bytes / 2 ** 30} GiB` : `${bytes / 2 ** 20} MiB`;
}

/** The declared Content-Length, when it is a plain number. */
export function declaredLength(req: IncomingMessage): number | null {
  const header = req.headers['content-length'];
  return typeof header === 'string' && /^\d+$/.test(header) ? Number(header) : null;
}

/** A refused body is read and dropped up to this much more; a client that sends on beyond it is cut off. */
const MAX_DRAINED_BYTES = 1024 * 2 ** 20;

/** Discards what is left of a refused body so its answer is read instead of a reset connection. */
export function drain(req: IncomingMessage): void {
  req.removeAllListeners('data');
  let drained = 0;
  req.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > MAX_DRAINED_BYTES) req.socket.destroy();
  });
  req.resume();
}

/** The whole body as text, refused with 413 beyond `limit` bytes (checked on Content-Length first, then as it arrives). */
export function readTextBody(req: IncomingMessage, what: string, limit: number): Promise<string> {
  const declared = declaredLength(req);
  if (declared !== null && declared > limit) {
    drain(req);
    return Promise.reject(tooLarge(what, limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        drain(req);
        reject(tooLarge(what, limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
    req.on('aborted', () => reject(new HttpError(400, 'bad-request', `${what}: the client closed the connection before sending the whole body`)));
  });
}

/** Parses a JSON body; not JSON, or nested deeper than MAX_JSON_DEPTH, is a 400 naming `what`. */
export function parseJsonBody(text: string, what: string): unknown {
  if (text.trim() === '') return {};
  const depth = jsonDepth(text);
  if (depth > MAX_JSON_DEPTH) throw new HttpError(400, 'bad-request', `${what}: the request body nests deeper than ${MAX_JSON_DEPTH} levels`);
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'bad-request', `${what}: the request body is not valid JSON`);
  }
}

/** The deepest bracket nesting of JSON text, skipping strings; one pass, no recursion. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i += 1;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > deepest) deepest = depth;
    } else if (c === 0x5d || c === 0x7d) depth -= 1;
  }
  return deepest;
}
