import type { RunPageQuery, RunSortKey, SortOrder } from '../../src-shared/api/run-page';
import { RUN_PAGE_MAX } from '../../src-shared/api/run-page';

/** The columns a run summary needs (not the network or settings JSON, which a page of 100 rows would drag along). */
export const SUMMARY_COLUMNS = `id, experiment_id, name, status, dataset_name, dataset_fingerprint, dataset_info_json, seed, backend,
  created_at, started_at, ended_at, wall_ms, epochs, epochs_done, error, note, test_errors, test_error_rate, test_rmse, final_loss,
  parent_run_id, procedure_json, json_extract(config_json, '$.loss') AS loss`;

const SORT_SQL: Record<RunSortKey, string> = {
  started: 'created_at',
  status: 'status',
  name: 'name COLLATE NOCASE',
  dataset: 'dataset_name COLLATE NOCASE',
  testError: 'coalesce(test_error_rate, test_rmse)',
  duration: 'wall_ms',
  backend: 'backend',
  tags: '(SELECT min(tag) FROM tags WHERE tags.run_id = runs.id)',
};

export interface PageSql {
  where: string;
  orderBy: string;
  args: Record<string, unknown>;
}

/** WHERE of a runs filter (status, experiment, a search over name, id prefix, dataset, note and tags), shared by pages and full lists. */
export function filterSql(filter: Pick<RunPageQuery, 'status' | 'experimentId' | 'search'>): Pick<PageSql, 'where' | 'args'> {
  const where: string[] = [];
  const args: Record<string, unknown> = {};
  if (filter.status) {
    where.push('status = @status');
    args.status = filter.status;
  }
  if (filter.experimentId) {
    where.push('experiment_id = @experimentId');
    args.experimentId = filter.experimentId;
  }
  if (filter.search?.trim()) {
    where.push(
      `(name LIKE @like ESCAPE '\\' OR id LIKE @prefix ESCAPE '\\' OR dataset_name LIKE @like ESCAPE '\\' OR note LIKE @like ESCAPE '\\'
        OR id IN (SELECT run_id FROM tags WHERE tag LIKE @like ESCAPE '\\'))`, // one pass over tags, not a lookup per run
    );
    const escaped = filter.search.trim().replace(/[\\%_]/g, (c) => `\\${c}`);
    args.like = `%${escaped}%`;
    args.prefix = `${escaped}%`;
  }
  return { where: where.length ? `WHERE ${where.join(' AND ')}` : '', args };
}

/** WHERE and ORDER BY of a page of runs; runs without a value (no test error yet, no tags) sort last either way. */
export function pageSql(query: RunPageQuery): PageSql {
  const { where, args } = filterSql(query);
  const sort = query.sort ?? 'started';
  const order: SortOrder = query.order ?? (sort === 'started' ? 'desc' : 'asc');
  const direction = order === 'asc' ? 'ASC' : 'DESC';
  const orderBy =
    sort === 'started'
      ? `created_at ${direction}, rowid ${direction}`
      : `${SORT_SQL[sort]} ${direction} NULLS LAST, created_at DESC, rowid DESC`;
  return { where, orderBy, args };
}

export function pageBounds(query: RunPageQuery): { offset: number; limit: number } {
  return { offset: Math.max(0, Math.floor(query.offset ?? 0)), limit: Math.min(RUN_PAGE_MAX, Math.max(1, Math.floor(query.limit ?? 100))) };
}
