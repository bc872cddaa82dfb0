import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './cli-error';

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs, strict, with its errors turned into UsageErrors that name the command. */
export function parseCommandArgs<O extends Options>(command: string, argv: readonly string[], options: O) {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = (error as Error).message;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const option = /'([^']+)'/.exec(message)?.[1] ?? message;
      throw new UsageError(`layerlab ${command}: unknown option ${option}; see \`layerlab help\``);
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      throw new UsageError(`layerlab ${command}: ${message.replace(/^Option '(--[\w-]+).*$/s, '$1 needs a value')}`);
    }
    throw new UsageError(`layerlab ${command}: ${message}`);
  }
}

/** A number from a flag; text that is not a number is an error naming the flag. "NaN" passes through as NaN for the config check. */
export function numberFlag(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (value.trim() === '' || (Number.isNaN(number) && value.trim() !== 'NaN')) {
    throw new UsageError(`${flag}: expected a number, got "${value}"`);
  }
  return number;
}
