import { createApiService } from '../services/api-service';
import { removeLeftoverUploads } from '../services/datasets/uploads';
import { ensureRendererBuilt } from './renderer-build';
import { listenHost, type RunningHost } from './server';

export interface StartHostOptions {
  port?: number;
  dataDir: string;
  host?: '127.0.0.1';
  maxParallel?: number;
  /** Fixed token (tests); random otherwise. */
  token?: string;
  rendererDir?: string;
  /** Host names to answer at besides 127.0.0.1, localhost and [::1] (`serve --allow-host`). */
  allowedHosts?: readonly string[];
  /** Folders whose files datasets.import may read by path and where Slurm plans' shared folders may be (`serve --allow-dir`); none by default. */
  allowedDirs?: readonly string[];
}

/** Starts the headless host: the API services over HTTP + WebSocket and the renderer for a browser. */
export async function startHost(options: StartHostOptions): Promise<RunningHost> {
  const rendererDir = options.rendererDir ?? ensureRendererBuilt();
  const service = createApiService({ dataDir: options.dataDir, maxParallel: options.maxParallel, datasetPathRoots: options.allowedDirs ?? [], sharedDirRoots: options.allowedDirs ?? [] });
  try {
    removeLeftoverUploads(options.dataDir);
    const host = await listenHost({ port: options.port, rendererDir, service, token: options.token, dataDir: options.dataDir, allowedHosts: options.allowedHosts });
    return {
      ...host,
      async close() {
        await host.close();
        await service.close();
      },
    };
  } catch (error) {
    await service.close();
    throw error;
  }
}

export { listenHost } from './server';
export type { RunningHost } from './server';
