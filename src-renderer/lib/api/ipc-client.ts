import type { ApiClient, ApiEvent } from '../../../src-shared/api/contract';
import type { LayerLabBridge } from '../../../src-shared/api/bridge';
import { ApiCallError } from './api-error';

/** The Electron transport: the preload's `window.layerlab`. */
export function createIpcClient(bridge: LayerLabBridge): ApiClient {
  return {
    async call(method, params) {
      const reply = await bridge.call(method, params);
      if (reply.ok) return reply.result;
      throw new ApiCallError(reply.error.code, reply.error.message);
    },
    subscribe(listener: (event: ApiEvent) => void) {
      return bridge.onEvent(listener);
    },
  };
}
