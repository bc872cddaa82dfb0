import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { IPC_CALL_CHANNEL, type ApiReply } from '../../src-shared/api/bridge';
import { parseApiParams } from '../../src-shared/api/params-schemas';
import { ApiError, type ApiService } from '../services/api-service-types';
import { isApiMethod } from '../host/api-methods';

/** One call from the renderer: the method must be in the contract and the params must pass its schema. */
export async function answerCall(service: ApiService, method: unknown, params: unknown): Promise<ApiReply> {
  if (!isApiMethod(method)) {
    return { ok: false, error: { code: 'not-found', message: `unknown API method ${JSON.stringify(method)}` } };
  }
  const parsed = parseApiParams(method, params);
  if (!parsed.ok) return { ok: false, error: { code: 'bad-request', message: parsed.message } };
  try {
    return { ok: true, result: await service.handle(method, parsed.params) };
  } catch (error) {
    if (error instanceof ApiError) return { ok: false, error: { code: error.code, message: error.message } };
    console.error(`layerlab: ${method} failed:`, error);
    return { ok: false, error: { code: 'internal', message: `${method} failed: ${(error as Error).message}` } };
  }
}

/** Serves the API on the one IPC channel; calls from any frame but the app's own page are refused. */
export function registerApiIpc(ipcMain: IpcMain, service: ApiService, isAppUrl: (url: string) => boolean): () => void {
  ipcMain.handle(IPC_CALL_CHANNEL, (event: IpcMainInvokeEvent, method: unknown, params: unknown) => {
    const url = event.senderFrame?.url ?? '';
    if (!isAppUrl(url)) return { ok: false, error: { code: 'forbidden', message: `API calls are only accepted from LayerLab's own page, not ${url}` } };
    return answerCall(service, method, params);
  });
  return () => ipcMain.removeHandler(IPC_CALL_CHANNEL);
}
