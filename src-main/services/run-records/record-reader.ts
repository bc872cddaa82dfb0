import { existsSync, readFileSync } from 'node:fs';
import type { MetricPoint } from '../../../src-shared/api/metrics';
import { describeZodIssues } from '../../../src-shared/util/zod-issues';
import { recordPaths, recordRunSchema, recordStatusSchema, type RecordRun, type RecordStatusFile } from './record-layout';

export class RecordError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecordError';
  }
}

export interface RunRecord {
  dir: string;
  run: RecordRun;
  status: RecordStatusFile;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new RecordError(`${file}: not readable JSON (${(error as Error).message}); the task that writes it may have been killed while starting`);
  }
}

/** The record in `dir`, or null when its task has not started writing it yet. Throws RecordError naming the file at fault. */
export function readRunRecord(dir: string): RunRecord | null {
  const paths = recordPaths(dir);
  if (!existsSync(paths.run) || !existsSync(paths.status)) return null;
  const run = recordRunSchema.safeParse(readJson(paths.run));
  if (!run.success) throw new RecordError(`${paths.run}: ${describeZodIssues(run.error.issues, 'run')}`);
  const status = recordStatusSchema.safeParse(readJson(paths.status));
  if (!status.success) throw new RecordError(`${paths.status}: ${describeZodIssues(status.error.issues, 'status')}`);
  return { dir, run: run.data, status: status.data };
}

/**
 * Every metric point of the record, in the order written. A last line cut short (the task was killed while
 * appending) is left out; null values are the NaN the trainer reported.
 */
export function readRecordMetrics(dir: string): MetricPoint[] {
  const file = recordPaths(dir).metrics;
  if (!existsSync(file)) return [];
  const points: MetricPoint[] = [];
  const lines = readFileSync(file, 'utf8').split('\n');
  for (const [index, line] of lines.entries()) {
    if (!line.trim()) continue;
    let batch: (Omit<MetricPoint, 'value'> & { value: number | null })[];
    try {
      batch = JSON.parse(line);
    } catch (error) {
      if (index >= lines.length - 2) break;
      throw new RecordError(`${file}: line ${index + 1} is not JSON (${(error as Error).message})`);
    }
    for (const point of batch) points.push({ ...point, value: point.value ?? Number.NaN });
  }
  return points;
}
