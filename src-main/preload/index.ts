import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, type LayerLabBridge } from '../../src-shared/api/bridge';
import type { ApiEvent } from '../../src-shared/api/contract';

// Exactly one object crosses into the page: the typed API, on two fixed channels.
const bridge = {
  call: (method, params) => ipcRenderer.invoke(IPC_CALL_CHANNEL, method, params),
  onEvent(listener) {
    const forward = (_event: IpcRendererEvent, apiEvent: ApiEvent) => listener(apiEvent);
    ipcRenderer.on(IPC_EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, forward);
    };
  },
} satisfies LayerLabBridge;

contextBridge.exposeInMainWorld('layerlab', bridge);
