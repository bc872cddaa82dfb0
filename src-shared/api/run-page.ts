import type { RunStatus, RunSummary } from './run';

/** The runs table's columns it can sort by; each is one ORDER BY in src-main/store/run-page-query.ts. */
export const RUN_SORT_KEYS = ['started', 'status', 'name', 'dataset', 'testError', 'duration', 'backend', 'tags'] as const;
export type RunSortKey = (typeof RUN_SORT_KEYS)[number];
export type SortOrder = 'asc' | 'desc';

export const RUN_PAGE_MAX = 500;

export interface RunPageQuery {
  /** Matches name, id prefix, dataset, note and tags. */
  search?: string;
  status?: RunStatus;
  experimentId?: string;
  /** Default: started, newest first (by when the run was created: queued runs have not started). Ties go newest first. */
  sort?: RunSortKey;
  order?: SortOrder;
  offset?: number;
  /** At most RUN_PAGE_MAX; default 100. */
  limit?: number;
}

export interface RunPage {
  runs: RunSummary[];
  /** Runs matching the filter, on every page. */
  total: number;
  /** Runs in the history, filter or not. */
  all: number;
  offset: number;
}

/** What `runs.deleteMany` did: queued and running runs are never deleted, they are named in `kept`. */
export interface DeleteRunsResult {
  deleted: string[];
  kept: { runId: string; status: RunStatus }[];
  missing: string[];
}
