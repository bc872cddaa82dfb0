import { stringify } from 'csv-stringify/browser/esm/sync';
import type { MetricSeries } from '../api/metrics';

export type CsvCell = string | number | boolean | null | undefined;

/** Rows of cells as CSV text (csv-stringify, RFC 4180 quoting), a header first, each line ended by \n; null and undefined are empty. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return stringify([header, ...rows].map((row) => row.map((cell) => (cell === null || cell === undefined ? '' : typeof cell === 'boolean' ? String(cell) : cell))), {
    record_delimiter: '\n',
    cast: { number: (value) => String(value) },
  });
}

/** Every point of every metric series in long form: `run,key,stage,step,epoch,wall_ms,value`, ordered by key then (stage, step). */
export function metricsCsv(metricsByRun: Record<string, MetricSeries>): string {
  const rows: CsvCell[][] = [];
  for (const [runId, series] of Object.entries(metricsByRun)) {
    for (const key of Object.keys(series).sort()) {
      for (const point of series[key]) rows.push([runId, key, point.stage ?? 0, point.step, point.epoch, point.wallMs, point.value]);
    }
  }
  return toCsv(['run', 'key', 'stage', 'step', 'epoch', 'wall_ms', 'value'], rows);
}

/** A file name from parts: letters, digits, dot, dash and underscore only. */
export function exportFileName(parts: readonly string[], extension: string): string {
  const base = parts
    .map((part) => part.trim().replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, ''))
    .filter(Boolean)
    .join('-');
  return `${base || 'export'}.${extension}`;
}
