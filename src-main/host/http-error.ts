import type { ServerResponse } from 'node:http';

/** A request the host answers with `status` and `{error: {code, message}}` instead of serving it. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  replacer?: (key: string, value: unknown) => unknown,
): void {
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(JSON.stringify(body, replacer));
}

export function sendHttpError(res: ServerResponse, error: HttpError): void {
  // A refused request's body may still be arriving: it is drained (request-body.ts drain), not cut off, so the client reads this answer.
  sendJson(res, error.status, { error: { code: error.code, message: error.message } });
}
