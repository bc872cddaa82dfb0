import type { ApiClient, ApiEvent } from '../../src-shared/api/contract';
import type { RunStatus, RunSummary } from '../../src-shared/api/run';
import type { RunSortKey, SortOrder } from '../../src-shared/api/run-page';
import { patchRow } from './page-patch';

export const PAGE_SIZE = 100;
/** How long a bulk delete waits for Undo before it is sent. */
export const UNDO_MS = 6000;
const RELOAD_DEBOUNCE_MS = 150;

export interface PendingDelete {
  runIds: string[];
  /** When it will be sent (Date.now() clock). */
  at: number;
}

/**
 * The runs table: one page of the history, sorted and filtered by the store (runs.page), patched in place
 * by status events; a selection that survives paging; a bulk delete that waits UNDO_MS for Undo.
 */
export class RunsTable {
  search = $state('');
  status = $state<RunStatus | 'all'>('all');
  sort = $state<RunSortKey>('started');
  order = $state<SortOrder>('desc');
  offset = $state(0);
  rows = $state.raw<RunSummary[]>([]);
  total = $state(0);
  all = $state(0);
  loaded = $state(false);
  selected = $state.raw<string[]>([]);
  pendingDelete = $state.raw<PendingDelete | null>(null);
  lastError = $state<string | null>(null);
  private sequence = 0;
  private reloadTimer: ReturnType<typeof setTimeout> | null = null;
  private deleteTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly unsubscribe: () => void;

  constructor(private readonly api: ApiClient) {
    this.unsubscribe = api.subscribe((event) => this.onEvent(event));
  }

  dispose(): void {
    this.unsubscribe();
    if (this.reloadTimer) clearTimeout(this.reloadTimer);
    // Leaving the table does not cancel a delete the user confirmed.
    if (this.pendingDelete) void this.sendDelete();
  }

  /** Rows to show: the page without the runs waiting to be deleted. */
  get visible(): RunSummary[] {
    const pending = this.pendingDelete ? new Set(this.pendingDelete.runIds) : null;
    return pending ? this.rows.filter((run) => !pending.has(run.id)) : this.rows;
  }

  async load(): Promise<void> {
    const sequence = ++this.sequence;
    try {
      const page = await this.api.call('runs.page', {
        search: this.search.trim() || undefined,
        status: this.status === 'all' ? undefined : this.status,
        sort: this.sort,
        order: this.order,
        offset: this.offset,
        limit: PAGE_SIZE,
      });
      if (sequence !== this.sequence) return; // a newer query answered first
      if (page.runs.length === 0 && page.offset > 0 && page.total > 0) {
        this.offset = Math.max(0, Math.floor((page.total - 1) / PAGE_SIZE) * PAGE_SIZE);
        return this.load();
      }
      this.rows = page.runs;
      this.total = page.total;
      this.all = page.all;
      this.loaded = true;
      this.lastError = null;
    } catch (error) {
      this.lastError = (error as Error).message;
    }
  }

  scheduleLoad(): void {
    if (this.reloadTimer) clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => {
      this.reloadTimer = null;
      void this.load();
    }, RELOAD_DEBOUNCE_MS);
  }

  /** A new filter or search starts at the first page. */
  filterChanged(): void {
    this.offset = 0;
    this.scheduleLoad();
  }

  /** Clicking a header: that column ascending (newest first for Started), clicking it again reverses. */
  sortBy(key: RunSortKey): void {
    if (this.sort === key) this.order = this.order === 'asc' ? 'desc' : 'asc';
    else {
      this.sort = key;
      this.order = key === 'started' ? 'desc' : 'asc';
    }
    this.offset = 0;
    void this.load();
  }

  page(delta: -1 | 1): void {
    const next = this.offset + delta * PAGE_SIZE;
    if (next < 0 || next >= this.total) return;
    this.offset = next;
    void this.load();
  }

  toggle(runId: string): void {
    this.selected = this.selected.includes(runId) ? this.selected.filter((id) => id !== runId) : [...this.selected, runId];
  }

  /** The header checkbox: every row of this page selected, or none of them. */
  toggleAllOnPage(): void {
    const ids = this.visible.map((run) => run.id);
    const all = ids.every((id) => this.selected.includes(id));
    this.selected = all ? this.selected.filter((id) => !ids.includes(id)) : [...new Set([...this.selected, ...ids])];
  }

  /** Selected runs that a delete would keep: queued or running (on this page; the store checks them all again). */
  activeSelected(): RunSummary[] {
    return this.rows.filter((run) => this.selected.includes(run.id) && (run.status === 'queued' || run.status === 'running'));
  }

  /** Hides the runs now and deletes them after UNDO_MS unless undone; a delete already waiting is sent first. */
  scheduleDelete(runIds: string[]): void {
    if (this.pendingDelete) void this.sendDelete();
    this.pendingDelete = { runIds, at: Date.now() + UNDO_MS };
    this.selected = this.selected.filter((id) => !runIds.includes(id));
    this.deleteTimer = setTimeout(() => void this.sendDelete(), UNDO_MS);
  }

  undoDelete(): void {
    if (this.deleteTimer) clearTimeout(this.deleteTimer);
    this.deleteTimer = null;
    this.pendingDelete = null;
  }

  private async sendDelete(): Promise<void> {
    const pending = this.pendingDelete;
    if (this.deleteTimer) clearTimeout(this.deleteTimer);
    this.deleteTimer = null;
    if (!pending) return;
    try {
      const result = await this.api.call('runs.deleteMany', { runIds: pending.runIds });
      if (result.kept.length) this.lastError = `${result.kept.length} run${result.kept.length === 1 ? ' was' : 's were'} not deleted: ${result.kept.map((k) => k.status).join(', ')}`;
    } catch (error) {
      this.lastError = `deleting ${pending.runIds.length} runs: ${(error as Error).message}`;
    } finally {
      if (this.pendingDelete === pending) this.pendingDelete = null;
      this.scheduleLoad();
    }
  }

  private onEvent(event: ApiEvent): void {
    switch (event.type) {
      case 'run.status': {
        if (!event.run) return this.scheduleLoad();
        const patched = patchRow(this.rows, event.run);
        if (patched) this.rows = patched;
        else if (event.status === 'queued') this.scheduleLoad(); // a new run: where it goes depends on sort and filter
        break;
      }
      case 'runs.deleted':
        this.selected = this.selected.filter((id) => !event.runIds.includes(id));
        if (this.rows.some((run) => event.runIds.includes(run.id))) this.scheduleLoad();
        else this.all = Math.max(0, this.all - event.runIds.length);
        break;
      case 'runs.changed':
        this.scheduleLoad();
        break;
    }
  }
}
