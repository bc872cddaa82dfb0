import type { ApiClient } from '../../../src-shared/api/contract';
import type { LayerLabBridge } from '../../../src-shared/api/bridge';
import { createIpcClient } from './ipc-client';
import { createHttpClient } from './http-client';

export { ApiCallError } from './api-error';

/** Picks the transport at start: the Electron preload's bridge when present, else the headless host over HTTP. */
export function createApiClient(win: Window & { layerlab?: LayerLabBridge } = window): ApiClient {
  if (win.layerlab) return createIpcClient(win.layerlab);
  const token = new URL(win.location.href).searchParams.get('token') ?? '';
  return createHttpClient(win.location.origin, token);
}
