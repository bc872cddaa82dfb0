import { resolveDataDir } from '../services/data-dir';
import { describeStorageFailure, HistoryFileError, isStorageFailure, readOnlyMessage } from '../store/history-errors';
import { MigrationError } from '../store/migrate';
import { EXIT, UsageError } from './cli-error';

type Command = (argv: readonly string[]) => number | Promise<number>;

/** Each command is loaded only when it runs, so a quick `list` does not pay for the trainer or the host. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  run: async () => (await import('./commands/run')).runCommand,
  resume: async () => (await import('./commands/resume')).resumeCommand,
  list: async () => (await import('./commands/list')).listCommand,
  show: async () => (await import('./commands/show')).showCommand,
  export: async () => (await import('./commands/export')).exportCommand,
  serve: async () => (await import('./commands/serve')).serveCommand,
  dataset: async () => (await import('./commands/dataset')).datasetCommand,
  study: async () => (await import('./commands/study')).studyCommand,
  plan: async () => (await import('./commands/plan')).planCommand,
  report: async () => (await import('./commands/report')).reportCommand,
  backup: async () => (await import('./commands/backup')).backupCommand,
  help: async () => (await import('./commands/help')).helpCommand,
};

/** The --data-dir a command was given (either spelling), for messages about its disk. */
function dataDirOf(argv: readonly string[]): string {
  const index = argv.indexOf('--data-dir');
  const inline = argv.find((arg) => arg.startsWith('--data-dir='));
  return resolveDataDir(index >= 0 ? argv[index + 1] : inline?.slice('--data-dir='.length));
}

/** Runs one `layerlab` command and returns its exit code; bad input is a message, never a stack trace. */
export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  const wantsHelp = name === undefined || name === '--help' || name === '-h' || rest.includes('--help') || rest.includes('-h');
  const load = wantsHelp ? COMMANDS.help : COMMANDS[name];
  if (!load) {
    process.stderr.write(`layerlab: unknown command "${name}"; commands: ${Object.keys(COMMANDS).join(', ')} (see \`layerlab help\`)\n`);
    return EXIT.badInput;
  }
  try {
    return await (await load())(rest);
  } catch (error) {
    if (error instanceof UsageError || error instanceof MigrationError || error instanceof HistoryFileError) {
      process.stderr.write(`${error.message}\n`);
      return EXIT.badInput;
    }
    if ((error as { code?: string }).code === 'SQLITE_READONLY') {
      process.stderr.write(`layerlab ${name}: ${readOnlyMessage(dataDirOf(rest), 'SQLite opened history.db read-only')}\n`);
      return EXIT.badInput;
    }
    if (isStorageFailure(error)) {
      process.stderr.write(`layerlab ${name}: ${describeStorageFailure(error, dataDirOf(rest))}\n`);
      return EXIT.runFailed;
    }
    process.stderr.write(`layerlab ${name}: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
    return EXIT.runFailed;
  }
}
