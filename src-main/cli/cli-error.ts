/** Exit codes of the `layerlab` command. */
export const EXIT = { ok: 0, runFailed: 1, badInput: 2, interrupted: 130 } as const;

/** Bad input (arguments, files, spec, config, dataset): printed without a stack trace, exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
