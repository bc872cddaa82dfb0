import { mkdirSync } from 'node:fs';
import { resolveDataDir } from '../../services/data-dir';
import { startHost } from '../../host/index';
import { UsageError } from '../cli-error';
import { numberFlag, parseCommandArgs } from '../parse-args';

export const SERVE_USAGE = 'layerlab serve [--port N] [--data-dir DIR]';

export interface ServeOptions {
  port: number;
  dataDir: string;
}

export function parseServeArgs(argv: readonly string[]): ServeOptions {
  const { values, positionals } = parseCommandArgs('serve', argv, { port: { type: 'string' }, 'data-dir': { type: 'string' } });
  if (positionals.length > 0) throw new UsageError(`layerlab serve: unexpected argument "${positionals[0]}"\nusage: ${SERVE_USAGE}`);
  const port = numberFlag('--port', values.port) ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: expected a whole number from 0 to 65535 (0 picks a free port), got "${values.port}"`);
  return { port, dataDir: resolveDataDir(values['data-dir']) };
}

/** `layerlab serve`: the workbench for a browser on 127.0.0.1, until SIGINT/SIGTERM. */
export async function serveCommand(argv: readonly string[]): Promise<number> {
  const options = parseServeArgs(argv);
  mkdirSync(options.dataDir, { recursive: true });
  const host = await startHost({ port: options.port, dataDir: options.dataDir, host: '127.0.0.1' });
  process.stdout.write(`LayerLab is running at ${host.url}\n`);
  process.stdout.write(`data dir: ${options.dataDir}  (Ctrl+C to stop)\n`);
  await new Promise<void>((done) => {
    process.once('SIGINT', () => done());
    process.once('SIGTERM', () => done());
  });
  await host.close();
  return 0;
}
