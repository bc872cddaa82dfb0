import type { ApiClient, ApiEvent } from '../../../src-shared/api/contract';
import { ApiCallError } from './api-error';
import { withLargeFilesUploaded } from './uploads';
import { parseTypedJson } from '../../../src-shared/api/typed-json';

const RECONNECT_MS = 1000;
const SESSION_KEY = 'layerlab.session';
/** The host's WebSocket subprotocol, and the prefix of the one that carries the tab's credential (host/auth.ts). */
const WS_PROTOCOL = 'layerlab';
const WS_AUTH_PREFIX = 'layerlab.auth.';

/**
 * This tab's credential: the URL's token exchanged once for a credential of the tab's own, kept in its
 * sessionStorage. It is sent only by this client, as a header, never as a cookie (which every server on
 * 127.0.0.1 would receive, whatever its port).
 */
class TabCredential {
  private pending: Promise<string> | null = null;

  constructor(
    private readonly origin: string,
    private readonly token: string,
    private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null,
  ) {}

  get(): Promise<string> {
    const kept = this.storage?.getItem(SESSION_KEY);
    if (kept) return Promise.resolve(kept);
    this.pending ??= this.exchange().finally(() => (this.pending = null));
    return this.pending;
  }

  /** After a 401 (the host restarted and forgot the tab): exchange the token again. */
  forget(): void {
    this.storage?.removeItem(SESSION_KEY);
  }

  private async exchange(): Promise<string> {
    const response = await fetch(`${this.origin}/api/session`, { method: 'POST', headers: { Authorization: `Bearer ${this.token}` } });
    const body = (await response.json().catch(() => null)) as { session?: string; error?: { code: string; message: string } } | null;
    if (!response.ok || !body?.session) {
      throw new ApiCallError(body?.error?.code ?? 'unauthorized', body?.error?.message ?? 'open the URL LayerLab printed, with its ?token=');
    }
    this.storage?.setItem(SESSION_KEY, body.session);
    return body.session;
  }
}

function sessionStorageOrNull(): Storage | null {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null;
  }
}

/** The browser transport: POST /api/<method> and a WebSocket at /api/events, both carrying the tab's credential. */
export function createHttpClient(origin: string, token: string, storage = sessionStorageOrNull()): ApiClient {
  const listeners = new Set<(event: ApiEvent) => void>();
  const credential = new TabCredential(origin, token, storage);
  let socket: WebSocket | null = null;
  let connectedBefore = false;

  async function connect(): Promise<void> {
    let session: string;
    try {
      session = await credential.get();
    } catch {
      if (listeners.size > 0) setTimeout(() => void connect(), RECONNECT_MS);
      return;
    }
    socket = new WebSocket(`${origin.replace(/^http/, 'ws')}/api/events`, [WS_PROTOCOL, `${WS_AUTH_PREFIX}${session}`]);
    socket.onopen = () => {
      // Events sent while the socket was down are gone; a reconnect tells the stores to reload what they show.
      if (connectedBefore) for (const listener of listeners) listener({ type: 'runs.changed' });
      connectedBefore = true;
    };
    socket.onmessage = (message) => {
      const event = JSON.parse(String(message.data)) as ApiEvent;
      for (const listener of listeners) listener(event);
    };
    socket.onclose = (event) => {
      socket = null;
      // Refused before opening: the host may have restarted and forgotten this tab's credential.
      if (!event.wasClean && !connectedBefore) credential.forget();
      if (listeners.size > 0) setTimeout(() => void connect(), RECONNECT_MS);
    };
  }

  async function post(path: string, body: BodyInit, contentType: string, retry = true): Promise<unknown> {
    let response: Response;
    try {
      const session = await credential.get();
      response = await fetch(`${origin}${path}`, { method: path.startsWith('/api/uploads') ? 'PUT' : 'POST', headers: { 'Content-Type': contentType, Authorization: `Bearer ${session}` }, body });
    } catch (error) {
      if (error instanceof ApiCallError) throw error;
      throw new ApiCallError('transport', `cannot reach LayerLab at ${origin}: ${(error as Error).message}`);
    }
    if (response.status === 401 && retry) {
      credential.forget();
      return post(path, body, contentType, false);
    }
    const parsed = (await response
      .text()
      .then(parseTypedJson)
      .catch(() => null)) as { error?: { code: string; message: string } } | null;
    if (!response.ok) throw new ApiCallError(parsed?.error?.code ?? 'transport', parsed?.error?.message ?? `${path}: HTTP ${response.status}`);
    return parsed;
  }

  return {
    async call(method, params) {
      const sent = method === 'datasets.import' ? await withLargeFilesUploaded(params, (filename, bytes) => post(`/api/uploads?filename=${encodeURIComponent(filename)}`, bytes, 'application/octet-stream')) : params;
      return (await post(`/api/${method}`, JSON.stringify(sent ?? {}), 'application/json')) as never;
    },
    subscribe(listener) {
      listeners.add(listener);
      if (!socket) void connect();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) socket?.close();
      };
    },
  };
}
