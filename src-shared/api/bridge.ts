import type { ApiEvent, ApiMethod, ApiParams, ApiResult } from './contract';

/** The answer to one API call as it crosses a process boundary: errors travel as data, never as thrown objects. */
export type ApiReply<T = unknown> = { ok: true; result: T } | { ok: false; error: { code: string; message: string } };

/** The IPC channel the preload invokes and the Electron main process handles. */
export const IPC_CALL_CHANNEL = 'layerlab:call';
/** The channel main pushes ApiEvents on. */
export const IPC_EVENT_CHANNEL = 'layerlab:event';

/**
 * The one object the Electron preload exposes as `window.layerlab` (checked there with `satisfies`);
 * the renderer's IPC transport is written against it.
 */
export interface LayerLabBridge {
  call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiReply<ApiResult<M>>>;
  /** Returns a function that unsubscribes. */
  onEvent(listener: (event: ApiEvent) => void): () => void;
}
