import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ApiError } from '../../services/api-service-types';
import { RunManager } from '../../services/run-manager';
import { StudyService } from '../../services/study/study-service';
import { UsageError } from '../cli-error';
import { openExistingHistory } from '../open-history';
import { parseCommandArgs } from '../parse-args';
import { nodeTrainerHostFactory } from '../trainer-factory';

export const REPORT_USAGE = 'layerlab report STUDY_ID --out FILE.html [--data-dir DIR]';

/** `layerlab report`: a study's self-contained HTML report (verdict, tables, inline SVG charts, settings). */
export async function reportCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('report', argv, { out: { type: 'string' }, 'data-dir': { type: 'string' } });
  if (positionals.length !== 1) throw new UsageError(`layerlab report: expected one STUDY_ID\nusage: ${REPORT_USAGE}`);
  if (!values.out) throw new UsageError(`layerlab report: --out FILE.html is required\nusage: ${REPORT_USAGE}`);
  const store = openExistingHistory(values['data-dir']);
  if (!store) throw new UsageError(`no study with id "${positionals[0]}": there is no history in this data dir yet`);
  const manager = new RunManager({ store, trainerHostFactory: nodeTrainerHostFactory });
  try {
    const html = await new StudyService(store, manager).report(positionals[0]);
    const file = resolve(values.out);
    try {
      writeFileSync(file, html);
    } catch (error) {
      throw new UsageError(`--out ${values.out}: cannot write it (${(error as Error).message})`);
    }
    process.stdout.write(`${file}\n`);
    return 0;
  } catch (error) {
    if (error instanceof ApiError && error.code === 'not-found') throw new UsageError(error.message);
    throw error;
  } finally {
    await manager.close();
    store.close();
  }
}
