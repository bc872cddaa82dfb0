import type { ApiEvent, ApiMethod, ApiParams, ApiResult } from '../../src-shared/api/contract';

/** The services behind the API, shared by the Electron IPC and the headless host transports. */
export interface ApiService {
  /** Validates params (throws ApiError with code 'bad-request' naming the field) and runs the method. */
  handle<M extends ApiMethod>(method: M, params: unknown): Promise<ApiResult<M>>;
  subscribe(listener: (event: ApiEvent) => void): () => void;
  close(): Promise<void>;
}

export type ApiErrorCode = 'bad-request' | 'not-found' | 'conflict' | 'internal';

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type { ApiParams };
