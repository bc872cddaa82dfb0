import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, type ApiErrorCode, type ApiService } from '../services/api-service-types';
import { isApiMethod } from './api-methods';

const STATUS: Record<ApiErrorCode, number> = { 'bad-request': 400, 'not-found': 404, conflict: 409, internal: 500 };
const MAX_BODY_BYTES = 32 * 1024 * 1024;
/** A dataset import carries its files in the body (IDX as base64: MNIST's training images are 63 MB of it). */
const MAX_IMPORT_BODY_BYTES = 1024 * 1024 * 1024;

function bodyLimit(method: string): number {
  return method === 'datasets.import' ? MAX_IMPORT_BODY_BYTES : MAX_BODY_BYTES;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

export function sendError(res: ServerResponse, code: ApiErrorCode | 'unauthorized', message: string): void {
  const status = code === 'unauthorized' ? 401 : STATUS[code];
  sendJson(res, status, { error: { code, message } });
}

function readBody(req: IncomingMessage, method: string): Promise<string> {
  const limit = bodyLimit(method);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Read the rest and drop it: closing the socket now would cut off the error response.
        req.removeAllListeners('data');
        req.resume();
        chunks.length = 0;
        reject(new ApiError('bad-request', `/api/${method}: the request body is larger than ${limit / 2 ** 20} MiB`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** POST /api/<method> with a JSON body of params → 200 with the result, or {error:{code,message}}. */
export async function handleApiRequest(service: ApiService, method: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'POST') return sendError(res, 'bad-request', `use POST for /api/${method}`);
  if (!isApiMethod(method)) return sendError(res, 'not-found', `unknown API method "${method}"`);
  try {
    const text = await readBody(req, method);
    let params: unknown = {};
    if (text.trim() !== '') {
      try {
        params = JSON.parse(text);
      } catch {
        return sendError(res, 'bad-request', `/api/${method}: the request body is not valid JSON`);
      }
    }
    const result = await service.handle(method, params);
    sendJson(res, 200, result ?? null);
  } catch (error) {
    if (error instanceof ApiError) return sendError(res, error.code, error.message);
    const message = error instanceof Error ? error.message : String(error);
    console.error(`layerlab host: /api/${method} failed:`, error);
    sendError(res, 'internal', `/api/${method} failed: ${message}`);
  }
}
