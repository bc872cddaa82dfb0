import type { ApiMethods, ApiParams, TemplateInfo } from '../../../src-shared/api/contract';
import type { PlanService } from './plan-service';

type PlanMethod = 'plans.start' | 'plans.preview' | 'plans.list' | 'plans.get' | 'plans.stop';
export type PlanHandlers = { [M in PlanMethod]: (params: ApiParams<M>) => ApiMethods[M]['result'] | Promise<ApiMethods[M]['result']> };

/** The plan methods of the API, to spread into createApiService's handlers. */
export function createPlanHandlers(plans: PlanService, templates: () => TemplateInfo[]): PlanHandlers {
  return {
    'plans.start': (params) => plans.start(plans.resolveTemplate(params, templates), params.plan),
    'plans.preview': (params) => plans.preview(plans.resolveTemplate(params, templates), params.plan),
    'plans.list': () => plans.list(),
    'plans.get': ({ planId }) => plans.get(planId),
    'plans.stop': ({ planId }) => {
      plans.stop(planId);
      return { ok: true };
    },
  };
}
