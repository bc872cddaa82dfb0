import { availableParallelism } from 'node:os';
import type { ApiMethod, ApiMethods, ApiParams, ApiResult } from '../../src-shared/api/contract';
import { parseApiParams } from '../../src-shared/api/params-schemas';
import { ApiError, type ApiService } from './api-service-types';
import { APP_VERSION } from './app-version';
import { listDatasets } from './dataset-catalog';
import { createDatasetHandlers } from './datasets/api';
import { removeAbandonedImports } from './datasets/staging';
import { RunManager, type LogLevel } from './run-manager';
import { readArtifactContent } from './run-artifacts';
import { compareRuns, runWeights } from './run-views';
import { createStudyHandlers } from './study/api';
import { createPlanHandlers } from './plans/api';
import { PlanService } from './plans/plan-service';
import { SlurmExecutor } from './plans/slurm/slurm-executor';
import { StudyService } from './study/study-service';
import { defaultTemplatesDir, loadTemplates } from './templates';
import type { TrainerHostFactory } from './trainer-host-types';
import { createNodeTrainerHost } from './trainer-host-node';
import { openRunStore } from './open-store';
import { exportRunFile } from './run-export';

export interface ApiServiceOptions {
  dataDir: string;
  maxParallel?: number;
  trainerHostFactory?: TrainerHostFactory;
  templatesDir?: string;
  log?: (level: LogLevel, message: string) => void;
  /** Folders datasets.import may read files from by path; undefined: any path (the desktop app and the CLI). */
  datasetPathRoots?: readonly string[];
  /** Folders a Slurm plan's shared folder must lie in (the headless host's `--allow-dir`); undefined: any. */
  sharedDirRoots?: readonly string[];
}

type Handlers = { [M in ApiMethod]: (params: ApiParams<M>) => ApiResult<M> | Promise<ApiResult<M>> };

/** The API's one implementation: a RunStore and a RunManager behind the methods of ApiMethods. */
export function createApiService(options: ApiServiceOptions): ApiService {
  const log = options.log ?? ((level, message) => console.error(`[${level}] ${message}`));
  const store = openRunStore(options.dataDir);
  removeAbandonedImports(store.dataDir);
  const manager = new RunManager({
    store,
    trainerHostFactory: options.trainerHostFactory ?? (() => createNodeTrainerHost()),
    maxParallel: options.maxParallel,
    log,
  });
  const templatesDir = options.templatesDir ?? defaultTemplatesDir();
  const templates = () => loadTemplates(templatesDir, (message) => log('warn', message));
  const plans = new PlanService(store, manager);

  const requireRun = (runId: string) => {
    const detail = store.getRun(runId);
    if (!detail) throw new ApiError('not-found', `no run with id "${runId}"`);
    return detail;
  };

  const handlers: Handlers = {
    'system.info': () => ({
      appVersion: APP_VERSION,
      dataDir: store.dataDir,
      backend: manager.backend,
      cores: availableParallelism(),
      maxParallelRuns: manager.maxParallel,
    }),
    'templates.list': () => loadTemplates(templatesDir, (message) => log('warn', message)),
    'datasets.list': () => listDatasets(store.dataDir),
    ...createDatasetHandlers(store.dataDir, () => manager.emit({ type: 'datasets.changed' }), options.datasetPathRoots),
    'runs.start': (params) => manager.start(params),
    'runs.resume': ({ runId }) => manager.resume(runId),
    'runs.stop': ({ runId }) => {
      manager.stop(runId);
      return { ok: true };
    },
    'runs.list': (params) => store.listRuns(params),
    'runs.page': (params) => store.pageRuns(params),
    'runs.get': ({ runId }) => requireRun(runId),
    'runs.metrics': ({ runId, keys }) => {
      requireRun(runId);
      return store.getMetrics(runId, keys);
    },
    'runs.curves': (query) => {
      requireRun(query.runId);
      return store.curves.curves(query);
    },
    'runs.weights': ({ runId }) => runWeights(store, requireRun(runId)),
    'runs.artifact': ({ runId, artifactId }) => readArtifactContent(store, runId, artifactId),
    'runs.export': ({ runId, format }) => exportRunFile(store, requireRun(runId).run, format),
    'runs.update': ({ runId, ...changes }) => {
      requireRun(runId);
      const summary = store.updateRun(runId, changes);
      manager.emit({ type: 'runs.changed' });
      return summary;
    },
    'runs.delete': ({ runId }) => {
      const { run } = requireRun(runId);
      if (run.status === 'queued' || run.status === 'running') {
        throw new ApiError('conflict', `run "${runId}" is ${run.status}; stop it before deleting it`);
      }
      store.deleteRun(runId);
      manager.emit({ type: 'runs.deleted', runIds: [runId] });
      return { ok: true };
    },
    'runs.deleteMany': ({ runIds }) => {
      const result = store.deleteRuns(runIds);
      if (result.deleted.length) manager.emit({ type: 'runs.deleted', runIds: result.deleted });
      return result;
    },
    'runs.compare': ({ runIds }) => compareRuns(store, runIds.map(requireRun)),
    ...createStudyHandlers(new StudyService(store, manager, plans), templates),
    ...createPlanHandlers(plans, templates, new SlurmExecutor(store, plans), { sharedDirRoots: options.sharedDirRoots }),
  };

  let closed: Promise<void> | null = null;
  return {
    async handle<M extends ApiMethod>(method: M, params: unknown): Promise<ApiResult<M>> {
      if (!Object.prototype.hasOwnProperty.call(handlers, method)) {
        throw new ApiError('bad-request', `unknown API method "${String(method)}"`);
      }
      const parsed = parseApiParams(method, params);
      if (!parsed.ok) throw new ApiError('bad-request', parsed.message);
      const handler = handlers[method] as (params: ApiMethods[M]['params']) => ApiResult<M> | Promise<ApiResult<M>>;
      return handler(parsed.params);
    },
    subscribe: (listener) => manager.subscribe(listener),
    close() {
      closed ??= manager.close().finally(() => store.close());
      return closed;
    },
  };
}
