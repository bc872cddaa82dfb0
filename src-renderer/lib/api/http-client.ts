import type { ApiClient, ApiEvent } from '../../../src-shared/api/contract';
import { ApiCallError } from './api-error';

const RECONNECT_MS = 1000;

/** The browser transport: POST /api/<method> and a WebSocket at /api/events, both carrying the page's token. */
export function createHttpClient(origin: string, token: string): ApiClient {
  const listeners = new Set<(event: ApiEvent) => void>();
  let socket: WebSocket | null = null;
  let connectedBefore = false;

  function connect(): void {
    const wsUrl = `${origin.replace(/^http/, 'ws')}/api/events?token=${encodeURIComponent(token)}`;
    socket = new WebSocket(wsUrl);
    socket.onopen = () => {
      // Events sent while the socket was down are gone; a reconnect tells the stores to reload what they show.
      if (connectedBefore) for (const listener of listeners) listener({ type: 'runs.changed' });
      connectedBefore = true;
    };
    socket.onmessage = (message) => {
      const event = JSON.parse(String(message.data)) as ApiEvent;
      for (const listener of listeners) listener(event);
    };
    socket.onclose = () => {
      socket = null;
      if (listeners.size > 0) setTimeout(connect, RECONNECT_MS);
    };
  }

  return {
    async call(method, params) {
      let response: Response;
      try {
        response = await fetch(`${origin}/api/${method}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: JSON.stringify(params ?? {}),
        });
      } catch (error) {
        throw new ApiCallError('transport', `cannot reach LayerLab at ${origin}: ${(error as Error).message}`);
      }
      const body = (await response.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
      if (!response.ok) {
        throw new ApiCallError(body?.error?.code ?? 'transport', body?.error?.message ?? `${method}: HTTP ${response.status}`);
      }
      return body as never;
    },
    subscribe(listener) {
      listeners.add(listener);
      if (!socket) connect();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) socket?.close();
      };
    },
  };
}
