import { expect } from 'vitest';
import { FINISHED_STATUSES, type RunStatus } from '../../src-shared/api/run';
import { ApiError, type ApiService } from '../../src-main/services/api-service-types';

/** Resolves with the run's status once the service reports it finished. */
export function finished(api: ApiService, runId: string): Promise<RunStatus> {
  return new Promise((resolve) => {
    const off = api.subscribe((event) => {
      if (event.type === 'run.status' && event.runId === runId && FINISHED_STATUSES.includes(event.status)) {
        off();
        resolve(event.status);
      }
    });
  });
}

/** The ApiError a call rejects with (fails the test when it resolves or throws something else). */
export async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}
