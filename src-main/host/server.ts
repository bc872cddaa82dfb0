import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ApiService } from '../services/api-service-types';
import { createToken, requestToken, tokenMatches, TOKEN_COOKIE } from './auth';
import { handleApiRequest, sendError } from './api-route';
import { resolveStaticPath, sendFile } from './static-files';

export interface HostOptions {
  /** 0 or undefined picks a free port. */
  port?: number;
  host?: '127.0.0.1';
  /** The directory of the built renderer (out/renderer). */
  rendererDir: string;
  service: ApiService;
  /** Fixed token for tests; a random one otherwise. */
  token?: string;
}

export interface RunningHost {
  url: string;
  port: number;
  token: string;
  server: Server;
  close(): Promise<void>;
}

function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    `connect-src 'self' ws://127.0.0.1:${port}`,
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/** The HTTP + WebSocket transport of the API: static renderer, POST /api/<method>, WS /api/events. Binds 127.0.0.1 only. */
export async function listenHost(options: HostOptions): Promise<RunningHost> {
  const token = options.token ?? createToken();
  const bindHost = '127.0.0.1';
  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({ noServer: true });
  let port = 0;

  // Another site's page in the same browser must not drive the API, even where a cookie would be sent.
  const foreignOrigin = (req: IncomingMessage) => {
    const origin = req.headers.origin;
    return origin !== undefined && origin !== `http://${bindHost}:${port}` && origin !== `http://localhost:${port}`;
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', `http://${bindHost}`);
    if (foreignOrigin(req)) {
      return sendError(res, 'unauthorized', `requests from ${req.headers.origin} are refused; LayerLab answers only its own page`);
    }
    if (!tokenMatches(token, requestToken(req, url))) {
      return sendError(res, 'unauthorized', 'missing or wrong token: open the URL LayerLab printed, with its ?token=');
    }
    if (url.pathname.startsWith('/api/')) {
      void handleApiRequest(options.service, url.pathname.slice('/api/'.length), req, res);
      return;
    }
    const file = resolveStaticPath(options.rendererDir, url.pathname);
    if (!file) return sendError(res, 'not-found', `no file at ${url.pathname}`);
    sendFile(res, file, {
      'Content-Security-Policy': contentSecurityPolicy(port),
      'X-Content-Type-Options': 'nosniff',
      'Set-Cookie': `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
    });
  });

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', `http://${bindHost}`);
    if (url.pathname !== '/api/events' || foreignOrigin(req) || !tokenMatches(token, requestToken(req, url))) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
    });
  });

  const unsubscribe = options.service.subscribe((event) => {
    const text = JSON.stringify(event);
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(text);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, bindHost, () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://${bindHost}:${port}/?token=${token}`,
    port,
    token,
    server,
    async close() {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
