import { UsageError } from '../cli-error';
import { formatDuration, formatPercent, shortId, table } from '../format';
import { openExistingHistory } from '../open-history';
import { parseCommandArgs } from '../parse-args';

export const LIST_USAGE = 'layerlab list [--json] [--data-dir DIR]';

/** `layerlab list`: the history, newest first. */
export function listCommand(argv: readonly string[]): number {
  const { values, positionals } = parseCommandArgs('list', argv, { json: { type: 'boolean' }, 'data-dir': { type: 'string' } });
  if (positionals.length > 0) throw new UsageError(`layerlab list: unexpected argument "${positionals[0]}"\nusage: ${LIST_USAGE}`);
  const store = openExistingHistory(values['data-dir']);
  const runs = store?.listRuns() ?? [];
  store?.close();
  if (values.json) {
    process.stdout.write(`${JSON.stringify(runs)}\n`);
    return 0;
  }
  if (runs.length === 0) {
    process.stdout.write('no runs yet; start one with `layerlab run SPEC.json`\n');
    return 0;
  }
  const rows = [['ID', 'STATUS', 'DATASET', 'TEST ERROR', 'WALL', 'STARTED', 'NAME']];
  for (const run of runs) {
    const error = run.testErrors !== null ? `${run.testErrors} (${formatPercent(run.testErrorRate)})` : '—';
    rows.push([shortId(run.id), run.status, run.dataset, error, formatDuration(run.wallMs), (run.startedAt ?? run.createdAt).slice(0, 19).replace('T', ' '), run.name]);
  }
  process.stdout.write(`${table(rows)}\n`);
  return 0;
}
