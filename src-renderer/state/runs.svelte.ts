import type { ApiClient, ApiEvent } from '../../src-shared/api/contract';
import type { ArtifactInfo, Progress, RunSummary, StageInfo } from '../../src-shared/api/run';
import { FINISHED_STATUSES } from '../../src-shared/api/run';
import { MetricBuffer } from './metric-buffer';
import { mergeStages } from '../procedures/stage-progress';
import type { RunCurves } from '../../src-shared/api/curves';
import { patchRow } from '../runs/page-patch';

const REFRESH_DEBOUNCE_MS = 150;
/** The newest runs kept here (the queue, live charts, pickers); the runs table pages the whole history itself. */
const RECENT_RUNS = 200;
/** Curves come min–max downsampled to this many buckets; a zoomed chart fetches its range in full (loadRange). */
const CURVE_BUCKETS = 1200;

/** Runs and their live data, fed by API events; components read it and never touch the transport. */
export class RunsStore {
  /** The RECENT_RUNS newest runs, kept current by events (a status change carries the run's summary). */
  list = $state.raw<RunSummary[]>([]);
  /** Runs in the history. */
  total = $state(0);
  /** False until the first list has arrived, so an empty table can say "loading" rather than "no runs". */
  loaded = $state(false);
  progress = $state.raw<Record<string, Progress>>({});
  /** Stages and artifacts that `run.stage` / `run.artifact` events reported; the run view merges them into runs.get's. */
  stages = $state.raw<Record<string, StageInfo[]>>({});
  artifacts = $state.raw<Record<string, ArtifactInfo[]>>({});
  /** Bumped whenever metric points arrive; charts redraw on their next animation frame. */
  metricsVersion = $state(0);
  /** The run the live charts follow: the last one started from this window, or one that just started. */
  liveRunId = $state<string | null>(null);
  lastError = $state<string | null>(null);
  readonly metrics = new MetricBuffer();
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  private unsubscribe: () => void;

  constructor(private readonly api: ApiClient) {
    this.unsubscribe = api.subscribe((event) => this.onEvent(event));
  }

  dispose(): void {
    this.unsubscribe();
  }

  byId(runId: string): RunSummary | undefined {
    return this.list.find((run) => run.id === runId);
  }

  active = $derived(this.list.filter((run) => run.status === 'queued' || run.status === 'running'));

  async refresh(): Promise<void> {
    try {
      const page = await this.api.call('runs.page', { limit: RECENT_RUNS });
      this.list = page.runs;
      this.total = page.all;
      this.loaded = true;
    } catch (error) {
      this.lastError = (error as Error).message;
    }
  }

  scheduleRefresh(): void {
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      void this.refresh();
    }, REFRESH_DEBOUNCE_MS);
  }

  /** Loads a run's stored metrics into the buffer (for finished runs, or a live run opened late). */
  async loadMetrics(runId: string): Promise<void> {
    const curves = await this.api.call('runs.curves', { runId, width: CURVE_BUCKETS });
    this.metrics.loadCurves(runId, curves);
    this.metricsVersion++;
  }

  /** A zoomed chart's step range at full resolution (when its curves were downsampled); null when nothing was left out. */
  async loadRange(runId: string, keys: string[], fromStep: number, toStep: number): Promise<RunCurves | null> {
    if (!keys.some((key) => this.metrics.isDownsampled(runId, key))) return null;
    return this.api.call('runs.curves', { runId, keys, fromStep, toStep, width: CURVE_BUCKETS });
  }

  async ensureMetrics(runId: string): Promise<void> {
    if (!this.metrics.has(runId) || !this.isActive(runId)) await this.loadMetrics(runId);
  }

  isActive(runId: string): boolean {
    const status = this.byId(runId)?.status;
    return status === 'queued' || status === 'running';
  }

  private onEvent(event: ApiEvent): void {
    switch (event.type) {
      case 'run.metrics':
        if (this.metrics.append(event.runId, event.points) > 0) this.metricsVersion++;
        break;
      case 'run.progress':
        this.progress = { ...this.progress, [event.progress.runId]: event.progress };
        break;
      case 'run.status':
        this.applyStatus(event);
        if (event.status === 'running' && !this.liveRunId) this.liveRunId = event.runId;
        break;
      case 'runs.deleted': {
        const gone = new Set(event.runIds);
        this.list = this.list.filter((run) => !gone.has(run.id));
        this.total = Math.max(0, this.total - gone.size);
        for (const runId of gone) this.metrics.forget(runId);
        break;
      }
      case 'run.started':
        // The task decides which charts a run shows; they need not wait for the run's next summary.
        this.list = this.list.map((run) => (run.id === event.runId ? { ...run, task: event.dataset.task, backend: event.backend.name } : run));
        break;
      case 'run.stage':
        this.stages = { ...this.stages, [event.runId]: mergeStages(this.stages[event.runId] ?? [], [event.stage]) };
        break;
      case 'run.artifact':
        this.artifacts = { ...this.artifacts, [event.runId]: [...(this.artifacts[event.runId] ?? []).filter((known) => known.id !== event.artifact.id), event.artifact] };
        break;
      case 'runs.changed':
        this.scheduleRefresh();
        break;
    }
  }

  /** One run's row patched from the event's summary (a new run goes first); no list refetch. */
  private applyStatus(event: Extract<ApiEvent, { type: 'run.status' }>): void {
    const summary = event.run;
    if (!summary) {
      this.list = this.list.map((run) => (run.id === event.runId ? { ...run, status: event.status, error: event.error ?? run.error } : run));
      if (FINISHED_STATUSES.includes(event.status)) this.scheduleRefresh();
      return;
    }
    const patched = patchRow(this.list, summary);
    if (patched) this.list = patched;
    else {
      this.list = [summary, ...this.list].slice(0, RECENT_RUNS);
      this.total++;
    }
  }
}
