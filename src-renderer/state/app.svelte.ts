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
import { ConfirmState } from './confirm.svelte';
import { DraftStore } from './draft';
import { emptySpec } from './spec-edit';

/** A message for the status bar; `staleWhen` says when it has stopped being true. */
export interface Notice {
  kind: 'info' | 'error';
  text: string;
  staleWhen?: () => boolean;
  view?: View;
}

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
  get notice(): Notice | null {
    return this.#notice;
  }
  /** A notice belongs to the view it was given in; an info notice leaves with that view. */
  set notice(notice: Notice | null) {
    this.#notice = notice ? { view: this.view, ...notice } : null;
  }
  #notice = $state.raw<Notice | null>(null);
  /** The notice while it is still true: not yet stale, and (info) still on its view. */
  visibleNotice = $derived.by(() => {
    const notice = this.#notice;
    if (!notice || notice.staleWhen?.()) return null;
    return notice.kind === 'info' && notice.view !== this.view ? null : notice;
  });
  /** Why Start cannot start now (the network's first issue, or the train settings' problems); null when it can. */
  startBlocker = $derived.by(() => {
    const issues = this.editor.analysis.issues;
    if (issues.length) return issues.length === 1 ? issues[0].message : `${issues[0].message} (and ${issues.length - 1} more)`;
    return this.train.problems;
  });
  readonly editor = new EditorState();
  readonly train = new TrainForm();
  readonly runs: RunsStore;
  readonly theme = new ThemeState();
  readonly confirm = new ConfirmState();
  private readonly drafts: DraftStore;

  constructor(
    readonly api: ApiClient,
    drafts = new DraftStore(),
  ) {
    this.runs = new RunsStore(api);
    // The header names the backend the first trainer reports, without waiting for a reload.
    api.subscribe((event) => {
      if (event.type === 'run.started' && this.system) this.system = { ...this.system, backend: event.backend };
    });
    this.drafts = drafts;
    const draft = drafts.read();
    if (draft) {
      this.editor.load(draft.spec, draft.savedJson ?? undefined);
      this.train.load(draft.train.config, draft.train.dataset, draft.train.procedure);
      this.train.runName = draft.train.runName;
    }
  }

  /** Writes the editor's network and the train panel to the draft; App calls it in an effect, so on every change. */
  keepDraft(): void {
    const spec = $state.snapshot(this.editor.spec) as ModelSpec;
    this.drafts.write({
      format: 1,
      spec,
      savedJson: this.editor.dirty ? this.editor.savedJson : null,
      train: { config: $state.snapshot(this.train.config) as TrainConfigInput, dataset: $state.snapshot(this.train.datasetRef) as DatasetRef, runName: this.train.runName, procedure: $state.snapshot(this.train.procedure) as ProcedureRef | undefined },
    });
  }

  /** Asks before a whole new network replaces one with unsaved changes; true when it may go ahead. */
  async mayReplaceNetwork(replacement: string): Promise<boolean> {
    if (!this.editor.dirty) return true;
    return this.confirm.ask(`“${this.editor.spec.name}” has unsaved changes. ${replacement} replaces it; Undo brings it back.`, 'Discard changes');
  }

  async newNetwork(): Promise<void> {
    if (!(await this.mayReplaceNetwork('A new network'))) return;
    this.editor.open(emptySpec());
    this.train.runName = '';
  }

  async openNetwork(spec: ModelSpec, from: string): Promise<void> {
    if (!(await this.mayReplaceNetwork(`The network in ${from}`))) return;
    this.editor.open(spec);
    const opened = this.editor.spec;
    this.notice = { kind: 'info', text: `opened ${from}`, staleWhen: () => this.editor.spec !== opened };
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

  async loadTemplate(template: TemplateInfo): Promise<void> {
    if (!(await this.mayReplaceNetwork(`The template “${template.name}”`))) return;
    this.editor.open(template.spec);
    this.train.load(template.config, template.dataset, template.procedure);
    this.view = 'editor';
    const loaded = this.editor.spec;
    this.notice = { kind: 'info', text: `loaded template "${template.name}"`, staleWhen: () => this.editor.spec !== loaded };
  }

  /** "Train again": the run's network and settings back in the editor and train panel. */
  async loadRunSettings(spec: ModelSpec, config: TrainConfigInput, dataset: DatasetRef, procedure?: ProcedureRef): Promise<void> {
    if (!(await this.mayReplaceNetwork('The run’s network'))) return;
    this.editor.open(spec);
    this.train.load(config, dataset, procedure);
    this.view = 'editor';
  }

  async startRun(): Promise<void> {
    const problems = this.startBlocker;
    if (problems) {
      this.notice = { kind: 'error', text: `cannot start: ${problems}`, staleWhen: () => this.startBlocker !== problems };
      return;
    }
    const spec = this.editor.spec;
    const result = await this.attempt('starting the run', () =>
      this.api.call('runs.start', {
        spec: $state.snapshot(spec) as ModelSpec,
        config: $state.snapshot(this.train.config) as TrainConfigInput,
        dataset: $state.snapshot(this.train.datasetRef) as DatasetRef,
        ...(this.train.procedure ? { procedure: $state.snapshot(this.train.procedure) as ProcedureRef } : {}),
        ...(this.train.runName.trim() ? { name: this.train.runName.trim() } : {}),
      }),
    );
    if (!result) return;
    // The run's record keeps the network now.
    this.editor.savedJson = JSON.stringify(spec);
    this.runs.liveRunId = result.runId;
    const runId = result.runId;
    this.notice = { kind: 'info', text: `run ${runId} queued`, staleWhen: () => Boolean(this.runs.byId(runId)) && this.runs.byId(runId)?.status !== 'queued' };
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
