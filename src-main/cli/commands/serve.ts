import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { startHost } from '../../host/index';

export const SERVE_USAGE = 'layerlab serve [--port N] [--data-dir DIR]   serve the workbench to a browser on 127.0.0.1';

export interface ServeOptions {
  port: number;
  dataDir: string;
}

export function defaultDataDir(): string {
  return process.env.LAYERLAB_DATA_DIR ?? join(homedir(), '.layerlab');
}

/** Parses `--port N --data-dir DIR`; throws with a message that names the bad argument. */
export function parseServeArgs(args: readonly string[]): ServeOptions {
  const options: ServeOptions = { port: 0, dataDir: defaultDataDir() };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? args[++i];
      if (v === undefined || v === '') throw new Error(`layerlab serve: ${flag} needs a value`);
      return v;
    };
    if (flag === '--port') {
      const port = Number(value());
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`layerlab serve: --port must be an integer from 0 to 65535, got "${args[i]}"`);
      options.port = port;
    } else if (flag === '--data-dir') {
      options.dataDir = resolve(value());
    } else {
      throw new Error(`layerlab serve: unknown option "${arg}"\nusage: ${SERVE_USAGE}`);
    }
  }
  return options;
}

/** `layerlab serve`: starts the headless host and runs until SIGINT/SIGTERM. Resolves with the exit code. */
export async function serveCommand(args: readonly string[]): Promise<number> {
  const options = parseServeArgs(args);
  mkdirSync(options.dataDir, { recursive: true });
  const host = await startHost({ port: options.port, dataDir: options.dataDir, host: '127.0.0.1' });
  console.log(`LayerLab is running at ${host.url}`);
  console.log(`data dir: ${options.dataDir}  (Ctrl+C to stop)`);
  await new Promise<void>((done) => {
    const stop = () => done();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await host.close();
  return 0;
}
