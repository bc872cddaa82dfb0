import type { MetricSeries } from '../api/metrics';

export type CsvCell = string | number | boolean | null | undefined;

/** One CSV cell, RFC 4180: quoted when it holds a comma, quote or line break; empty for null and undefined; NaN as "NaN". */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows of cells as CSV text, a header first, each line ended by \n. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\n') + '\n';
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
