import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { ServerResponse } from 'node:http';

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

/** Resolves a URL path inside `root`; null when it escapes the root or does not exist. Unknown paths fall back to index.html. */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  const absoluteRoot = resolve(root);
  const decoded = decodeURIComponent(urlPath);
  const candidate = resolve(join(absoluteRoot, normalize(decoded)));
  if (candidate !== absoluteRoot && !candidate.startsWith(absoluteRoot + sep)) return null;
  if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  if (extname(decoded) === '') {
    const index = join(absoluteRoot, 'index.html');
    return existsSync(index) ? index : null;
  }
  return null;
}

export function sendFile(res: ServerResponse, path: string, headers: Record<string, string> = {}): void {
  res.writeHead(200, {
    'Content-Type': CONTENT_TYPES[extname(path)] ?? 'application/octet-stream',
    'Cache-Control': 'no-cache',
    ...headers,
  });
  createReadStream(path).pipe(res);
}
