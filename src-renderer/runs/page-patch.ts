import type { RunSummary } from '../../src-shared/api/run';

/**
 * A status change applied to the rows on screen: the run's row is replaced by its new summary (same place,
 * so the table does not jump while a run finishes). Returns null when the run is not on this page.
 */
export function patchRow(rows: readonly RunSummary[], run: RunSummary): RunSummary[] | null {
  const index = rows.findIndex((row) => row.id === run.id);
  if (index < 0) return null;
  const next = rows.slice();
  next[index] = run;
  return next;
}
