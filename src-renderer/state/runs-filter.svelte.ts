import type { RunStatus, RunSummary } from '../../src-shared/api/run';

/** The history table's search, status filter and selection for comparison. */
export class RunsFilter {
  search = $state('');
  status = $state<RunStatus | 'all'>('all');
  selected = $state.raw<string[]>([]);

  apply(runs: readonly RunSummary[]): RunSummary[] {
    const needle = this.search.trim().toLowerCase();
    return runs.filter((run) => {
      if (this.status !== 'all' && run.status !== this.status) return false;
      if (!needle) return true;
      return [run.name, run.id, run.dataset, run.backend ?? '', run.note, ...run.tags].some((text) => text.toLowerCase().includes(needle));
    });
  }

  toggle(runId: string): void {
    this.selected = this.selected.includes(runId) ? this.selected.filter((id) => id !== runId) : [...this.selected, runId];
  }
}
