import { z } from 'zod';
import type { TrainConfigInput } from '../config/schema';
import type { ModelSpec } from '../network/types';
import { describeZodIssues } from '../util/zod-issues';
import type { ApiMethod, ApiParams } from './contract';
import { RUN_STATUSES } from './run';
import { RUN_PAGE_MAX, RUN_SORT_KEYS } from './run-page';
import { datasetRefSchema, taskSchema } from './records';
import { COLUMN_ROLES } from './datasets';
import { studyOptionsSchema } from '../study/options';
import { slurmPlanParamsSchema, slurmSlotsParamsSchema, slurmSubmitParamsSchema, startPlanParamsSchema } from '../plans/schemas';
import { EXPORT_FORMATS } from '../export/formats';

/**
 * The params of every API method, checked where a call arrives (IPC handler, HTTP route, service).
 * Spec and config are only checked to be objects here: validateSpec and parseTrainConfig check them
 * fully and name the node or field at fault.
 */
const none = z.object({}).strict();
const runId = z.string().min(1, 'expected a run id');
const studyId = z.string().min(1, 'expected a study id');
const isObject = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);

export const apiParamSchemas: { [M in ApiMethod]: z.ZodType<ApiParams<M>> } = {
  'system.info': none,
  'templates.list': none,
  'datasets.list': none,
  'datasets.import': z.object({
    files: z
      .array(
        z.union([
          z.object({ path: z.string().min(1) }).strict(),
          z.object({ filename: z.string().min(1), text: z.string() }).strict(),
          z.object({ filename: z.string().min(1), base64: z.string() }).strict(),
          z.object({ upload: z.string().regex(/^[0-9a-f]{32}$/, 'expected the id PUT /api/uploads returned') }).strict(),
        ]),
      )
      .min(1, 'expected at least one file'),
    name: z.string().min(1, 'expected a dataset name'),
    task: taskSchema.optional(),
    target: z.string().min(1).optional(),
    testSplit: z.number().min(0).lt(1).optional(),
    dropMissing: z.boolean().optional(),
    header: z.boolean().optional(),
    dryRun: z.boolean().optional(),
    roles: z.record(z.string(), z.enum(COLUMN_ROLES)).optional(),
  }),
  'datasets.preview': z.object({ name: z.string().min(1, 'expected a dataset name') }),
  'datasets.remove': z.object({ name: z.string().min(1, 'expected a dataset name') }),
  'datasets.baseline': z.object({ dataset: datasetRefSchema }),
  'runs.start': z.object({
    spec: z.custom<ModelSpec>(isObject, 'expected a model spec object'),
    config: z.custom<TrainConfigInput>(isObject, 'expected a training config object'),
    dataset: datasetRefSchema,
    procedure: z.object({ kind: z.string().min(1), params: z.record(z.string(), z.unknown()).optional() }).strict().optional(),
    name: z.string().min(1).max(200).optional(),
    experimentId: z.string().min(1).optional(),
    tags: z.array(z.string()).optional(),
  }),
  'runs.stop': z.object({ runId }),
  'runs.resume': z.object({ runId }),
  'runs.list': z.object({
    search: z.string().optional(),
    status: z.enum(RUN_STATUSES).optional(),
    limit: z.number().int().positive().optional(),
  }),
  'runs.page': z.object({
    search: z.string().max(500).optional(),
    status: z.enum(RUN_STATUSES).optional(),
    experimentId: z.string().min(1).optional(),
    sort: z.enum(RUN_SORT_KEYS).optional(),
    order: z.enum(['asc', 'desc']).optional(),
    offset: z.number().int().nonnegative().optional(),
    limit: z.number().int().positive().max(RUN_PAGE_MAX).optional(),
  }),
  'runs.get': z.object({ runId }),
  'runs.metrics': z.object({ runId, keys: z.array(z.string()).optional() }),
  'runs.curves': z.object({
    runId,
    keys: z.array(z.string()).optional(),
    width: z.number().int().positive().max(20_000).optional(),
    fromStep: z.number().finite().optional(),
    toStep: z.number().finite().optional(),
  }),
  'runs.artifact': z.object({ runId, artifactId: z.number().int().nonnegative() }),
  'runs.weights': z.object({ runId }),
  'runs.export': z.object({ runId, format: z.enum(EXPORT_FORMATS) }),
  'runs.update': z.object({
    runId,
    name: z.string().min(1).max(200).optional(),
    tags: z.array(z.string()).optional(),
    note: z.string().optional(),
  }),
  'runs.delete': z.object({ runId }),
  'runs.deleteMany': z.object({ runIds: z.array(runId).min(1, 'expected at least one run id').max(10_000) }),
  'runs.compare': z.object({ runIds: z.array(runId).min(1, 'expected at least one run id').max(20) }),
  'studies.start': studyOptionsSchema.extend({ templateId: z.string().min(1, 'expected a template id') }),
  'studies.list': none,
  'studies.get': z.object({ studyId }),
  'studies.report': z.object({ studyId }),
  'plans.start': startPlanParamsSchema,
  'plans.preview': startPlanParamsSchema,
  'plans.list': none,
  'plans.get': z.object({ planId: z.string().min(1, 'expected a plan id') }),
  'plans.stop': z.object({ planId: z.string().min(1, 'expected a plan id') }),
  'plans.slurm.submit': slurmSubmitParamsSchema,
  'plans.slurm.status': slurmPlanParamsSchema,
  'plans.slurm.sync': slurmPlanParamsSchema,
  'plans.slurm.cancel': slurmSlotsParamsSchema,
  'plans.slurm.resubmit': slurmSlotsParamsSchema,
};

export type ParsedParams<M extends ApiMethod> = { ok: true; params: ApiParams<M> } | { ok: false; message: string };

/** Checks a call's params; absent params count as `{}`. The message names the method and field: `runs.get params.runId: …`. */
export function parseApiParams<M extends ApiMethod>(method: M, params: unknown): ParsedParams<M> {
  const result = apiParamSchemas[method].safeParse(params ?? {});
  if (result.success) return { ok: true, params: result.data };
  return { ok: false, message: describeZodIssues(result.error.issues, `${method} params`) };
}
