import type { ApiMethods, ApiParams } from '../../../src-shared/api/contract';
import { ApiError } from '../api-service-types';

type PlanMethod = 'plans.start' | 'plans.preview' | 'plans.list' | 'plans.get' | 'plans.stop';
export type PlanHandlers = { [M in PlanMethod]: (params: ApiParams<M>) => ApiMethods[M]['result'] | Promise<ApiMethods[M]['result']> };

const notYet = (): never => {
  throw new ApiError('internal', 'experiment plans are being built (issue 10 item 6); use studies.* for the dropout study meanwhile');
};

/** The plan methods of the API, to spread into createApiService's handlers. */
export function createPlanHandlers(): PlanHandlers {
  return { 'plans.start': notYet, 'plans.preview': notYet, 'plans.list': () => [], 'plans.get': notYet, 'plans.stop': notYet };
}
