import type { ModelSpec } from '../network/types';
import type { TrainConfigInput } from '../config/schema';
import type { BackendInfo } from './backend';
import type { DatasetImportParams, DatasetPreview, ImportedDatasetMeta, MajorityBaseline } from './datasets';
import type { MetricSeries, MetricPoint } from './metrics';
import type {
  ArtifactInfo,
  DatasetRef,
  StageInfo,
  DatasetSummary,
  FirstLayerWeights,
  Progress,
  RunDetail,
  RunStatus,
  RunSummary,
} from './run';
import type { ArtifactContent } from './artifacts';
import type { CurvesQuery, RunCurves } from './curves';
import type { DeleteRunsResult, RunPage, RunPageQuery } from './run-page';
import type { ExportedFile, ExportFormat } from '../export/formats';
import type { ProcedureRef } from '../procedures/types';
import type { StartStudyParams, StudyDetail, StudyReport, StudyStartResult, StudySummary } from '../study/types';
import type { PlanDetail, PlanPreview, PlanStartResult, PlanSummary, StartPlanParams } from '../plans/types';
import type { Task } from './records';
import type { SlurmOptionsInput } from '../plans/slurm-options';
import type { SlurmPlanStatus, SlurmSubmitResult, SlurmSyncResult } from '../plans/slurm';

/**
 * The one API of LayerLab, implemented once by src-main/services and reached through Electron IPC
 * (preload) or the headless host (HTTP + WebSocket). Every method takes one JSON argument and
 * returns JSON; arguments are validated by `apiParamSchemas` where they arrive.
 */
export interface ApiMethods {
  'system.info': { params: Record<string, never>; result: SystemInfo };
  'templates.list': { params: Record<string, never>; result: TemplateInfo[] };
  'datasets.list': { params: Record<string, never>; result: DatasetListItem[] };
  /** Converts IDX files or a CSV/TSV/JSON table into the data dir (or, with dryRun, only previews it). */
  'datasets.import': { params: DatasetImportParams; result: { dataset: ImportedDatasetMeta; preview: DatasetPreview } };
  'datasets.preview': { params: { name: string }; result: DatasetPreview };
  /** The error of always predicting the most common training class, on the test examples a run with this data uses; null for regression. */
  'datasets.baseline': { params: { dataset: DatasetRef }; result: MajorityBaseline | null };
  'datasets.remove': { params: { name: string }; result: { ok: true } };
  'runs.start': { params: StartRunParams; result: { runId: string } };
  'runs.stop': { params: { runId: string }; result: { ok: true } };
  /** Continues a crashed or stopped run from its last checkpoint as a new run (parentRunId = runId); returns the new run. */
  'runs.resume': { params: { runId: string }; result: { runId: string } };
  'runs.list': { params: { search?: string; status?: RunStatus; limit?: number }; result: RunSummary[] };
  /** One page of the history, sorted by a column and filtered in the store: what the runs table shows. */
  'runs.page': { params: RunPageQuery; result: RunPage };
  'runs.get': { params: { runId: string }; result: RunDetail };
  'runs.metrics': { params: { runId: string; keys?: string[] }; result: MetricSeries };
  /** Curves as typed columns, min–max downsampled to a chart's width, or a zoomed step range at full resolution. */
  'runs.curves': { params: CurvesQuery; result: RunCurves };
  'runs.weights': { params: { runId: string }; result: FirstLayerWeights | null };
  /** The content of a viewable artifact (image grid, scatter, curve, table) by its id in RunDetail.artifacts. */
  'runs.artifact': { params: { runId: string; artifactId: number }; result: ArtifactContent };
  'runs.update': { params: { runId: string; name?: string; tags?: string[]; note?: string }; result: RunSummary };
  /** A run's network and final weights as a model file (tfjs, onnx, keras, pytorch), or its record (JSON) or metrics (CSV); several files come zipped. */
  'runs.export': { params: { runId: string; format: ExportFormat }; result: ExportedFile };
  'runs.delete': { params: { runId: string }; result: { ok: true } };
  /** Deletes finished runs; queued and running ones are never touched (named in `kept`). */
  'runs.deleteMany': { params: { runIds: string[] }; result: DeleteRunsResult };
  'runs.compare': { params: { runIds: string[] }; result: RunComparison };
  /** Starts a dropout study of a template (or resumes the one with the same template and options). */
  'studies.start': { params: StartStudyParams; result: StudyStartResult };
  'studies.list': { params: Record<string, never>; result: StudySummary[] };
  /** Runs, progress, statistics and verdict, mean ± sd curves, first-layer weights and their norms. */
  'studies.get': { params: { studyId: string }; result: StudyDetail };
  'studies.report': { params: { studyId: string }; result: StudyReport };
  /** Starts an experiment plan (dropout preset, ablation of any setting, sweep), or resumes the one with the same key: done slots are skipped, interrupted ones continued. */
  'plans.start': { params: StartPlanParams; result: PlanStartResult };
  /** What plans.start would do, without starting anything: the arms, the slots, and which are done already. */
  'plans.preview': { params: StartPlanParams; result: PlanPreview };
  /** Every plan, newest first (studies stored by earlier versions are dropout plans). */
  'plans.list': { params: Record<string, never>; result: PlanSummary[] };
  /** Slots with their runs and settings; statistics and verdict (ablation, dropout) or the results table and axes (sweep). */
  'plans.get': { params: { planId: string }; result: PlanDetail };
  /** Stops every queued and running run of the plan; starting it again continues it. */
  'plans.stop': { params: { planId: string }; result: { ok: true } };
  /**
   * Sends the plan's slots to a Slurm cluster as one job array (docs/slurm.md): slots done already and
   * slots on the cluster are left alone. Over HTTP the shared folder must be inside a `serve --allow-dir` folder.
   */
  'plans.slurm.submit': { params: StartPlanParams & { slurm: SlurmOptionsInput }; result: SlurmSubmitResult };
  /** Each Slurm slot's latest task: state, reason, live figures from its record (no slots: never sent to Slurm). */
  'plans.slurm.status': { params: { planId: string }; result: SlurmPlanStatus };
  /** Imports ended tasks' records into the history, each once; safe to call as often as one likes. */
  'plans.slurm.sync': { params: { planId: string }; result: SlurmSyncResult };
  /** scancel of the plan's pending and running tasks, or only those of `slots`; returns the slots cancelled. */
  'plans.slurm.cancel': { params: { planId: string; slots?: string[] }; result: { cancelled: string[] } };
  /** Sends again the failed, cancelled and timed-out slots (or only those of `slots`). */
  'plans.slurm.resubmit': { params: { planId: string; slots?: string[] }; result: SlurmSubmitResult };
}

export type ApiMethod = keyof ApiMethods;
export type ApiParams<M extends ApiMethod> = ApiMethods[M]['params'];
export type ApiResult<M extends ApiMethod> = ApiMethods[M]['result'];

/** What a transport offers the renderer. */
export interface ApiClient {
  call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResult<M>>;
  subscribe(listener: (event: ApiEvent) => void): () => void;
}

export interface StartRunParams {
  spec: ModelSpec;
  config: TrainConfigInput;
  dataset: DatasetRef;
  /** How the run trains: a procedure kind from src-shared/procedures and its params; default backprop. */
  procedure?: { kind: string; params?: Record<string, unknown> };
  name?: string;
  experimentId?: string;
  tags?: string[];
}

export interface SystemInfo {
  appVersion: string;
  dataDir: string;
  /** Known once a trainer has started; null before. */
  backend: BackendInfo | null;
  cores: number;
  maxParallelRuns: number;
}

export interface TemplateInfo {
  id: string;
  name: string;
  description: string;
  spec: ModelSpec;
  config: TrainConfigInput;
  dataset: DatasetRef;
  procedure?: ProcedureRef;
  /** Published results to show beside the user's own, from SCIENCE.md. */
  reference?: { source: string; result: string; testErrors?: number; metric?: string; value?: number; epochs?: number };
}

export interface DatasetListItem {
  name: string;
  label: string;
  builtIn: boolean;
  task: Task;
  inputShape: number[];
  classes: number;
  trainSize: number;
  testSize: number;
}

export interface RunComparison {
  runs: RunSummary[];
  /** Only the settings whose values differ between the runs: dotted path → value per run (JSON text). */
  differingSettings: { path: string; values: string[] }[];
  metrics: Record<string, MetricSeries>;
  weights: Record<string, FirstLayerWeights | null>;
  /** Every run's artifacts (RunDetail.artifacts), so Compare can set artifacts of the same name side by side. */
  artifacts: Record<string, ArtifactInfo[]>;
}

/** Events pushed to every subscriber. */
export type ApiEvent =
  /** `run` is the run's summary after the change: the runs table patches its row instead of fetching the list. */
  | { type: 'run.status'; runId: string; status: RunStatus; error?: string | null; run?: RunSummary }
  | { type: 'runs.deleted'; runIds: string[] }
  | { type: 'run.progress'; progress: Progress }
  | { type: 'run.metrics'; runId: string; points: MetricPoint[] }
  | { type: 'run.started'; runId: string; backend: BackendInfo; dataset: DatasetSummary }
  | { type: 'run.stage'; runId: string; stage: StageInfo }
  | { type: 'run.artifact'; runId: string; artifact: ArtifactInfo }
  | { type: 'runs.changed' }
  | { type: 'datasets.changed' };
