import { ApiError } from '../../services/api-service-types';
import { UsageError } from '../cli-error';
import { followRun } from '../follow-run';
import { openExistingHistory, resolveRunId } from '../open-history';
import { parseCommandArgs } from '../parse-args';

export const RESUME_USAGE = 'layerlab resume RUN_ID [--data-dir DIR] [--json] [--verbose]';

/** `layerlab resume`: continues a crashed or stopped run from its last checkpoint as a new run, and trains it here. */
export async function resumeCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('resume', argv, {
    'data-dir': { type: 'string' },
    json: { type: 'boolean' },
    verbose: { type: 'boolean' },
  });
  if (positionals.length !== 1) throw new UsageError(`layerlab resume: expected one RUN_ID\nusage: ${RESUME_USAGE}`);
  const store = openExistingHistory(values['data-dir']);
  if (!store) throw new UsageError(`no run with id "${positionals[0]}": there is no history in this data dir yet`);
  try {
    const parentId = resolveRunId(store, positionals[0]);
    return await followRun(store, {
      json: Boolean(values.json),
      verbose: Boolean(values.verbose),
      start(manager) {
        try {
          return manager.resume(parentId).runId;
        } catch (error) {
          if (error instanceof ApiError && error.code !== 'internal') throw new UsageError(`layerlab resume: ${error.message}`);
          throw error;
        }
      },
    });
  } finally {
    store.close();
  }
}
