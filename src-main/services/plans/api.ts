import type { ApiMethods, ApiParams, TemplateInfo } from '../../../src-shared/api/contract';
import { ApiError } from '../api-service-types';
import { insideRoots } from '../datasets/path-roots';
import type { PlanService } from './plan-service';
import { SlurmError } from './slurm/slurm-commands';
import type { SlurmExecutor } from './slurm/slurm-executor';

type PlanMethod = 'plans.start' | 'plans.preview' | 'plans.list' | 'plans.get' | 'plans.stop' | 'plans.slurm.submit' | 'plans.slurm.status' | 'plans.slurm.sync' | 'plans.slurm.cancel' | 'plans.slurm.resubmit';
export type PlanHandlers = { [M in PlanMethod]: (params: ApiParams<M>) => ApiMethods[M]['result'] | Promise<ApiMethods[M]['result']> };

export interface PlanHandlerOptions {
  /** Folders a Slurm plan's shared folder must lie in (`serve --allow-dir`); undefined: any (the desktop app). */
  sharedDirRoots?: readonly string[];
}

/** The shared folder is written by this process and read by the cluster: over HTTP only inside an allowed folder. */
function checkSharedDir(dir: string, roots: readonly string[] | undefined): void {
  if (roots === undefined || insideRoots(dir, roots) !== null) return;
  const allowed = roots.length > 0 ? `inside ${roots.join(', ')}` : 'nowhere: no folder was allowed';
  throw new ApiError('bad-request', `plans.slurm.submit params.slurm.sharedDir "${dir.slice(0, 300)}": over HTTP LayerLab writes plan folders only ${allowed}; pick a folder there, or start \`layerlab serve --allow-dir DIR\` with the cluster's shared folder`);
}

/** A Slurm command that failed (not installed, refused) is the caller's to fix: a clear message, not a crash. */
async function slurmCall<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof SlurmError) throw new ApiError('bad-request', error.message);
    throw error;
  }
}

/** The plan methods of the API, to spread into createApiService's handlers. */
export function createPlanHandlers(plans: PlanService, templates: () => TemplateInfo[], slurm: SlurmExecutor, options: PlanHandlerOptions = {}): PlanHandlers {
  return {
    'plans.start': (params) => plans.start(plans.resolveTemplate(params, templates), params.plan),
    'plans.preview': (params) => plans.preview(plans.resolveTemplate(params, templates), params.plan),
    'plans.list': () => plans.list(),
    'plans.get': ({ planId }) => plans.get(planId),
    'plans.stop': ({ planId }) => {
      plans.stop(planId);
      return { ok: true };
    },
    'plans.slurm.submit': (params) => {
      checkSharedDir(params.slurm.sharedDir, options.sharedDirRoots);
      return slurmCall(() => slurm.submit(plans.resolveTemplate(params, templates), params.plan, params.slurm));
    },
    'plans.slurm.status': ({ planId }) => slurmCall(() => slurm.status(planId)),
    'plans.slurm.sync': ({ planId }) => slurmCall(() => slurm.sync(planId)),
    'plans.slurm.cancel': async ({ planId, slots }) => ({ cancelled: await slurmCall(() => slurm.cancel(planId, slots)) }),
    'plans.slurm.resubmit': ({ planId, slots }) => slurmCall(() => slurm.resubmit(planId, slots)),
  };
}
