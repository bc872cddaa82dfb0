import { MigrationError } from '../store/migrate';
import { EXIT, UsageError } from './cli-error';

type Command = (argv: readonly string[]) => number | Promise<number>;

/** Each command is loaded only when it runs, so a quick `list` does not pay for the trainer or the host. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  run: async () => (await import('./commands/run')).runCommand,
  resume: async () => (await import('./commands/resume')).resumeCommand,
  list: async () => (await import('./commands/list')).listCommand,
  show: async () => (await import('./commands/show')).showCommand,
  serve: async () => (await import('./commands/serve')).serveCommand,
  dataset: async () => (await import('./commands/dataset')).datasetCommand,
  study: async () => (await import('./commands/study')).studyCommand,
  report: async () => (await import('./commands/report')).reportCommand,
  help: async () => (await import('./commands/help')).helpCommand,
};

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
    if (error instanceof UsageError || error instanceof MigrationError) {
      process.stderr.write(`${error.message}\n`);
      return EXIT.badInput;
    }
    process.stderr.write(`layerlab ${name}: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
    return EXIT.runFailed;
  }
}
