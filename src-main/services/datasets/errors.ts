import { basename } from 'node:path';

/**
 * A file that cannot be imported. The message names the file and the place (line, column, record or
 * byte offset) and says what was expected; the CLI prints it and exits 2, the API returns it as a bad request.
 */
export class DatasetImportError extends Error {
  constructor(
    readonly file: string,
    readonly where: string | null,
    detail: string,
  ) {
    super(`${basename(file)}${where ? `, ${where}` : ''}: ${detail}`);
    this.name = 'DatasetImportError';
  }
}

export { DatasetUsageError } from '../../engine/data/imported-meta';
