import type { RunSummary } from '../../src-shared/api/run';

const words = (text: string): string[] => text.toLowerCase().split(/[\s,;:/()]+/).filter(Boolean);

/**
 * The runs where every word of the query begins a word of the name, tags or dataset (any case): "seed 7" finds
 * "spirals seed 7" but not "seed 17". A run id (or its start, 4+ characters) finds that run. All runs for no query.
 */
export function matchRuns(runs: readonly RunSummary[], query: string): RunSummary[] {
  const wanted = words(query);
  if (!wanted.length) return [...runs];
  const id = query.trim().toLowerCase();
  return runs.filter((run) => {
    if (id.length >= 4 && run.id.toLowerCase().startsWith(id)) return true;
    const have = words([run.name, run.dataset, ...run.tags].join(' '));
    return wanted.every((word) => have.some((own) => own.startsWith(word)));
  });
}
