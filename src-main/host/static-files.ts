import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { ServerResponse } from 'node:http';
import { HttpError, sendJson } from './http-error';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

export interface StaticFile {
  path: string;
  /** The app's page (index.html, also the answer for unknown extensionless paths): served only with the token. */
  isPage: boolean;
}

function decodePath(urlPath: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    throw new HttpError(400, 'bad-request', 'the path has a broken %-escape');
  }
  if (decoded.includes('\0')) throw new HttpError(400, 'bad-request', 'the path contains a NUL character');
  return decoded;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Resolves a URL path inside `root`; null when it escapes the root or does not exist. Unknown paths without an extension are the page. */
export function resolveStaticPath(root: string, urlPath: string): StaticFile | null {
  const absoluteRoot = resolve(root);
  const decoded = decodePath(urlPath);
  const candidate = resolve(join(absoluteRoot, normalize(decoded)));
  const index = join(absoluteRoot, 'index.html');
  if (candidate !== absoluteRoot && !candidate.startsWith(absoluteRoot + sep)) return null;
  if (candidate !== index && isFile(candidate)) return { path: candidate, isPage: false };
  if (candidate === index || extname(decoded) === '') return isFile(index) ? { path: index, isPage: true } : null;
  return null;
}

export function sendFile(res: ServerResponse, path: string, headers: Record<string, string> = {}): void {
  const stream = createReadStream(path);
  stream.once('error', (error) => {
    console.error(`layerlab host: could not read ${path}: ${error.message}`);
    if (res.headersSent) res.destroy();
    else sendJson(res, 404, { error: { code: 'not-found', message: 'that file is gone' } });
  });
  stream.once('open', () => {
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[extname(path)] ?? 'application/octet-stream',
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
      ...headers,
    });
    stream.pipe(res);
  });
}
