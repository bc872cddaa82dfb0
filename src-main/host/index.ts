import { createApiService } from '../services/api-service';
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
}

/** Starts the headless host: the API services over HTTP + WebSocket and the renderer for a browser. */
export async function startHost(options: StartHostOptions): Promise<RunningHost> {
  const rendererDir = options.rendererDir ?? ensureRendererBuilt();
  const service = createApiService({ dataDir: options.dataDir, maxParallel: options.maxParallel });
  try {
    const host = await listenHost({ port: options.port, rendererDir, service, token: options.token });
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
