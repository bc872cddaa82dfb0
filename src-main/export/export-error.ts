/** Why a run cannot be exported: bad input (exit 2 in the CLI, 'bad-request' in the API) or a run that does not exist. */
export class ExportError extends Error {
  constructor(
    message: string,
    readonly code: 'bad-input' | 'not-found' = 'bad-input',
  ) {
    super(message);
    this.name = 'ExportError';
  }
}
