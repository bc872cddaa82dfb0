import { MigrationError } from '../store/migrate';
import { EXIT, UsageError } from './cli-error';
import { datasetCommand } from './commands/dataset';
import { helpCommand } from './commands/help';
import { listCommand } from './commands/list';
import { runCommand } from './commands/run';
import { serveCommand } from './commands/serve';
import { showCommand } from './commands/show';

const COMMANDS: Record<string, (argv: readonly string[]) => number | Promise<number>> = {
  run: runCommand,
  list: listCommand,
  show: showCommand,
  serve: serveCommand,
  dataset: datasetCommand,
  help: helpCommand,
};

/** Runs one `layerlab` command and returns its exit code; bad input is a message, never a stack trace. */
export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') return helpCommand();
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`layerlab: unknown command "${name}"; commands: ${Object.keys(COMMANDS).join(', ')} (see \`layerlab help\`)\n`);
    return EXIT.badInput;
  }
  if (rest.includes('--help') || rest.includes('-h')) return helpCommand();
  try {
    return await command(rest);
  } catch (error) {
    if (error instanceof UsageError || error instanceof MigrationError) {
      process.stderr.write(`${error.message}\n`);
      return EXIT.badInput;
    }
    process.stderr.write(`layerlab ${name}: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
    return EXIT.runFailed;
  }
}
