import { getContext, setContext } from 'svelte';
import type { ApiClient, DatasetListItem, SystemInfo, TemplateInfo } from '../../src-shared/api/contract';
import type { ModelSpec } from '../../src-shared/network/types';
import type { DatasetRef } from '../../src-shared/api/run';
import type { TrainConfigInput } from '../../src-shared/config/schema';
import type { ProcedureRef } from '../../src-shared/procedures/types';
import { EditorState } from './editor.svelte';
import { RunsStore } from './runs.svelte';
import { TrainForm } from './train-form.svelte';
import { ThemeState } from './theme.svelte';

export type View = 'editor' | 'runs' | 'run' | 'compare' | 'datasets' | 'plans';

/** The whole window's state; created once in main.ts and handed to components through context. */
export class AppState {
  view = $state<View>('editor');
  openRunId = $state<string | null>(null);
  compareIds = $state.raw<string[]>([]);
  templates = $state.raw<TemplateInfo[]>([]);
  datasets = $state.raw<DatasetListItem[]>([]);
  system = $state.raw<SystemInfo | null>(null);
  /** A message for the status bar; errors from the API land here, named by what was being done. */
  notice = $state<{ kind: 'info' | 'error'; text: string } | null>(null);
  readonly editor = new EditorState();
  readonly train = new TrainForm();
  readonly runs: RunsStore;
  readonly theme = new ThemeState();

  constructor(readonly api: ApiClient) {
    this.runs = new RunsStore(api);
  }

  async init(): Promise<void> {
    await Promise.all([
      this.attempt('loading system info', async () => (this.system = await this.api.call('system.info', {}))),
      this.attempt('loading templates', async () => (this.templates = await this.api.call('templates.list', {}))),
      this.attempt('loading datasets', async () => (this.datasets = await this.api.call('datasets.list', {}))),
      this.runs.refresh(),
    ]);
  }

  /** Runs an API action; a failure becomes a notice that says what was being done. */
  async attempt<T>(what: string, action: () => Promise<T>): Promise<T | undefined> {
    try {
      return await action();
    } catch (error) {
      this.notice = { kind: 'error', text: `${what}: ${(error as Error).message}` };
      return undefined;
    }
  }

  loadTemplate(template: TemplateInfo): void {
    this.editor.load(template.spec);
    this.train.load(template.config, template.dataset, template.procedure);
    this.view = 'editor';
    this.notice = { kind: 'info', text: `loaded template "${template.name}"` };
  }

  /** "Train again": the run's network and settings back in the editor and train panel. */
  loadRunSettings(spec: ModelSpec, config: TrainConfigInput, dataset: DatasetRef, procedure?: ProcedureRef): void {
    this.editor.load(spec);
    this.train.load(config, dataset, procedure);
    this.view = 'editor';
  }

  async startRun(): Promise<void> {
    const problems = this.editor.analysis.ok ? this.train.problems : this.editor.analysis.issues.map((issue) => issue.message).join('\n');
    if (problems) {
      this.notice = { kind: 'error', text: `cannot start: ${problems}` };
      return;
    }
    const result = await this.attempt('starting the run', () =>
      this.api.call('runs.start', {
        spec: $state.snapshot(this.editor.spec) as ModelSpec,
        config: $state.snapshot(this.train.config) as TrainConfigInput,
        dataset: $state.snapshot(this.train.datasetRef) as DatasetRef,
        ...(this.train.procedure ? { procedure: $state.snapshot(this.train.procedure) as ProcedureRef } : {}),
        ...(this.train.runName.trim() ? { name: this.train.runName.trim() } : {}),
      }),
    );
    if (!result) return;
    this.runs.liveRunId = result.runId;
    this.notice = { kind: 'info', text: `run ${result.runId} queued` };
    await this.runs.refresh();
  }

  openRun(runId: string): void {
    this.openRunId = runId;
    this.view = 'run';
  }

  compare(runIds: string[]): void {
    this.compareIds = runIds;
    this.view = 'compare';
  }
}

const KEY = Symbol('layerlab-app');

export function provideApp(app: AppState): void {
  setContext(KEY, app);
}

export function useApp(): AppState {
  return getContext<AppState>(KEY);
}
