import { existsSync, mkdirSync, realpathSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { hostNameOf } from '../../host/request-checks';
import { resolveDataDir } from '../../services/data-dir';
import { startHost } from '../../host/index';
import { UsageError } from '../cli-error';
import { numberFlag, parseCommandArgs } from '../parse-args';

export const SERVE_USAGE = 'layerlab serve [--port N] [--data-dir DIR] [--allow-host NAME]... [--allow-dir DIR]...';

export interface ServeOptions {
  port: number;
  dataDir: string;
  allowedHosts: string[];
  allowedDirs: string[];
}

export function parseServeArgs(argv: readonly string[]): ServeOptions {
  const { values, positionals } = parseCommandArgs('serve', argv, {
    port: { type: 'string' },
    'data-dir': { type: 'string' },
    'allow-host': { type: 'string', multiple: true },
    'allow-dir': { type: 'string', multiple: true },
  });
  if (positionals.length > 0) throw new UsageError(`layerlab serve: unexpected argument "${positionals[0]}"\nusage: ${SERVE_USAGE}`);
  const port = numberFlag('--port', values.port) ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: expected a whole number from 0 to 65535 (0 picks a free port), got "${values.port}"`);
  const allowedHosts = (values['allow-host'] ?? []).map((name) => {
    if (hostNameOf(name) !== name.toLowerCase()) {
      throw new UsageError(`--allow-host: "${name}" is not a host name (give the name alone, like lab.example.org, without port or scheme)`);
    }
    return name.toLowerCase();
  });
  const allowedDirs = (values['allow-dir'] ?? []).map((dir) => {
    const absolute = resolve(dir);
    if (!existsSync(absolute) || !statSync(absolute).isDirectory()) throw new UsageError(`--allow-dir: ${absolute} is not a folder`);
    return realpathSync(absolute);
  });
  return { port, dataDir: resolveDataDir(values['data-dir']), allowedHosts, allowedDirs };
}

/** `layerlab serve`: the workbench for a browser on 127.0.0.1, until SIGINT/SIGTERM. */
export async function serveCommand(argv: readonly string[]): Promise<number> {
  const options = parseServeArgs(argv);
  mkdirSync(options.dataDir, { recursive: true });
  keepServingThroughSurprises();
  const host = await startHost({ port: options.port, dataDir: options.dataDir, host: '127.0.0.1', allowedHosts: options.allowedHosts, allowedDirs: options.allowedDirs });
  process.stdout.write(`LayerLab is running at ${host.url}\n`);
  process.stdout.write(`data dir: ${options.dataDir}  (Ctrl+C to stop)\n`);
  await new Promise<void>((done) => {
    process.once('SIGINT', () => done());
    process.once('SIGTERM', () => done());
  });
  await host.close();
  return 0;
}

/** The last wall behind the host's per-request guard: an error that escapes it is logged, and the host keeps answering. */
function keepServingThroughSurprises(): void {
  process.on('uncaughtException', (error) => console.error(`layerlab serve: unexpected error (still serving): ${error.name}: ${error.message}`));
  process.on('unhandledRejection', (reason) => console.error(`layerlab serve: unexpected error (still serving): ${reason instanceof Error ? reason.message : String(reason)}`));
}
