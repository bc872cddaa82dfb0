import { createReadStream, openSync, readSync, closeSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { CsvError, Parser, type Options } from 'csv-parse';
import { DatasetImportError } from './errors';

export type Cell = string | number | boolean | null | undefined;

/** Called once per row with its cells and its 1-based line (CSV/TSV: the line the record ends on) or record number (JSON). */
export type RowVisitor = (cells: Cell[], position: number) => void;

/** A table read twice (profile, then encode) without keeping its text in memory. */
export interface TableSource {
  file: string;
  format: 'csv' | 'tsv' | 'json';
  /** 'line' for delimited text, 'record' for JSON arrays. */
  unit: 'line' | 'record';
  /** Column names the format itself carries (JSON keys); null when the first row may be a header. */
  names: string[] | null;
  /** One pass over the rows; `onBytes` reports how far into the file the pass is. A visitor that throws ends the pass. */
  scan(visit: RowVisitor, onBytes?: (bytesRead: number) => void): Promise<void>;
}

export function tableFormat(file: string): 'csv' | 'tsv' | 'json' | null {
  const ext = extname(file).toLowerCase();
  if (ext === '.csv' || ext === '.txt') return 'csv';
  if (ext === '.tsv' || ext === '.tab') return 'tsv';
  if (ext === '.json') return 'json';
  return null;
}

export function openTable(file: string, format: 'csv' | 'tsv' | 'json'): TableSource {
  return format === 'json' ? jsonRecords(file) : delimitedText(file, format);
}

function delimitedText(file: string, format: 'csv' | 'tsv'): TableSource {
  const delimiter = format === 'tsv' ? '\t' : sniffDelimiter(file);
  return {
    file,
    format,
    unit: 'line',
    names: null,
    scan(visit, onBytes) {
      return new Promise<void>((resolve, reject) => {
        const stream = createReadStream(file, { highWaterMark: 1 << 20 });
        let bytesRead = 0;
        if (onBytes) stream.on('data', (chunk) => onBytes((bytesRead += chunk.length)));
        const parser = new VisitingParser({ delimiter, bom: true, relax_column_count: true, skip_empty_lines: true }, visit);
        const fail = (error: unknown) => {
          stream.destroy();
          parser.destroy();
          reject(csvFailure(file, error));
        };
        stream.on('error', fail);
        parser.on('error', fail);
        parser.on('end', () => resolve());
        stream.pipe(parser).resume();
      });
    },
  };
}

/**
 * csv-parse's stream parser, with each record handed to `visit` where the parser pushes it: no object-mode
 * stream traffic and no per-record info object (on_record builds one), yet `info.lines` is the record's line.
 */
export class VisitingParser extends Parser {
  private failed = false;

  constructor(
    options: Options,
    private readonly visit: RowVisitor,
  ) {
    super(options);
  }

  override push(record: unknown): boolean {
    if (record === null) return super.push(null);
    if (this.failed) return false;
    try {
      this.visit(record as string[], this.info.lines);
    } catch (error) {
      // A throw here would escape the parse loop; end the stream with it instead.
      this.failed = true;
      this.destroy(error as Error);
    }
    return true;
  }
}

function csvFailure(file: string, error: unknown): Error {
  if (error instanceof CsvError) {
    const line = typeof error.lines === 'number' ? `line ${error.lines}` : null;
    // csv-parse appends the field's text ("value is ..."); an error names the place, never the file's content.
    const detail = error.message.replace(/^Invalid /, 'invalid ').replace(/,?\s*value is ".*$/s, '');
    return new DatasetImportError(file, line, `not valid CSV: ${detail}`);
  }
  if (error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('E')) {
    return new DatasetImportError(file, null, `cannot read the file (${error.message})`);
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** Comma unless the first line holds more semicolons or tabs than commas. */
function sniffDelimiter(file: string): string {
  const fd = openSync(file, 'r');
  const head = Buffer.alloc(64 * 1024);
  const length = readSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  const firstLine = head.subarray(0, length).toString('utf8').split(/\r?\n/, 1)[0];
  const count = (char: string): number => firstLine.split(char).length - 1;
  const candidates: [string, number][] = [[',', count(',')], [';', count(';')], ['\t', count('\t')]];
  candidates.sort((a, b) => b[1] - a[1]);
  return candidates[0][1] > 0 ? candidates[0][0] : ',';
}

/** A JSON array of flat records (vega-datasets' cars.json); columns in order of first appearance. */
function jsonRecords(file: string): TableSource {
  const text = readFileSync(file, 'utf8');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const offset = /position (\d+)/.exec(message)?.[1];
    throw new DatasetImportError(file, offset ? `byte ${offset}` : null, `not valid JSON: ${jsonProblem(message)}`);
  }
  if (!Array.isArray(data)) {
    throw new DatasetImportError(file, null, 'expected a JSON array of records like [{"a": 1, "b": "x"}, …]');
  }
  const names: string[] = [];
  const seen = new Set<string>();
  data.forEach((record, index) => {
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      throw new DatasetImportError(file, `record ${index + 1}`, `expected an object of column values, found ${describeJsonValue(record)}`);
    }
    for (const key of Object.keys(record)) {
      if (!seen.has(key)) {
        seen.add(key);
        names.push(key);
      }
    }
  });
  const records = data as Record<string, unknown>[];
  return {
    file,
    format: 'json',
    unit: 'record',
    names,
    async scan(visit, onBytes) {
      for (let index = 0; index < records.length; index++) {
        const record = records[index];
        const cells = names.map((name) => {
          const value = record[name];
          if (value !== null && typeof value === 'object') {
            throw new DatasetImportError(file, `record ${index + 1}, column "${name}"`, `expected a number, text or null, found ${describeJsonValue(value)}`);
          }
          return value as Cell;
        });
        visit(cells, index + 1);
      }
      onBytes?.(text.length);
    },
  };
}

/** V8's JSON.parse message without the snippet of the file it quotes (`Unexpected token 'r', "root:x:0"... is not valid JSON`). */
function jsonProblem(message: string): string {
  if (/^Unexpected token/.test(message)) return 'an unexpected character';
  return message.replace(/ in JSON at position \d+.*$/s, '').replace(/^Unexpected end of JSON input$/, 'the file ends in the middle of a value');
}

function describeJsonValue(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
