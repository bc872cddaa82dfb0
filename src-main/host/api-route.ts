import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, type ApiErrorCode, type ApiService } from '../services/api-service-types';
import { isApiMethod } from './api-methods';
import { HttpError, sendHttpError, sendJson } from './http-error';
import { parseJsonBody, readTextBody } from './request-body';
import { typedArrayReplacer } from '../../src-shared/api/typed-json';

/** Methods whose results hold typed arrays: sent as base64 (typed-json.ts); a replacer on every answer would slow big ones. */
const TYPED_RESULTS = new Set<string>(['runs.curves']);

const STATUS: Record<ApiErrorCode, number> = { 'bad-request': 400, 'not-found': 404, conflict: 409, internal: 500 };
export const MAX_BODY_BYTES = 32 * 1024 * 1024;
/**
 * A dataset import may carry its files in the JSON body (IDX as base64: MNIST's training images are 63 MB
 * of it); larger files go through PUT /api/uploads, which streams to disk. Kept well below V8's longest
 * string (~512 MiB) and what the host can hold while it parses.
 */
export const MAX_IMPORT_BODY_BYTES = 128 * 1024 * 1024;

function bodyLimit(method: string): number {
  return method === 'datasets.import' ? MAX_IMPORT_BODY_BYTES : MAX_BODY_BYTES;
}

export function apiErrorToHttp(error: ApiError): HttpError {
  return new HttpError(STATUS[error.code], error.code, error.message);
}

/** POST /api/<method> with a JSON body of params → 200 with the result, or {error:{code,message}}. */
export async function handleApiRequest(service: ApiService, method: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const where = `/api/${method.slice(0, 100)}`;
  if (req.method !== 'POST') throw new HttpError(405, 'bad-request', `use POST for ${where}`);
  if (!isApiMethod(method)) throw new HttpError(404, 'not-found', `unknown API method "${method.slice(0, 100)}"`);
  const params = parseJsonBody(await readTextBody(req, where, bodyLimit(method)), where);
  try {
    const result = await service.handle(method, params);
    sendJson(res, 200, result ?? null, {}, TYPED_RESULTS.has(method) ? typedArrayReplacer : undefined);
  } catch (error) {
    if (error instanceof ApiError) return sendHttpError(res, apiErrorToHttp(error));
    throw error;
  }
}
