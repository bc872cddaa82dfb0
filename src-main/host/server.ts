import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { ApiError, type ApiService } from '../services/api-service-types';
import { bearerOf, createToken, HostCredentials, WS_PROTOCOL, wsProtocolCredential } from './auth';
import { apiErrorToHttp, handleApiRequest } from './api-route';
import { HttpError, sendHttpError, sendJson } from './http-error';
import { HostNames, requestUrl } from './request-checks';
import { resolveStaticPath, sendFile } from './static-files';
import { receiveUpload } from './uploads';

export interface HostOptions {
  /** 0 or undefined picks a free port. */
  port?: number;
  host?: '127.0.0.1';
  /** The directory of the built renderer (out/renderer). */
  rendererDir: string;
  service: ApiService;
  /** Where uploads for dataset imports are streamed (the data dir). */
  dataDir: string;
  /** Fixed token for tests; a random one otherwise. */
  token?: string;
  /** Host names to answer at besides the loopback ones (`serve --allow-host`). */
  allowedHosts?: readonly string[];
  log?: (line: string) => void;
}

export interface RunningHost {
  url: string;
  port: number;
  token: string;
  server: Server;
  close(): Promise<void>;
}

/** What a client may send over the event socket: nothing but control frames; anything bigger closes it. */
const WS_MAX_PAYLOAD = 4096;

function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * The HTTP + WebSocket transport of the API: the renderer's files, POST /api/<method>, PUT /api/uploads,
 * WS /api/events. Binds 127.0.0.1 only. Every request passes one guard: whatever goes wrong while
 * answering it becomes a 4xx/5xx answer and a log line, never the end of the process.
 */
export async function listenHost(options: HostOptions): Promise<RunningHost> {
  const credentials = new HostCredentials(options.token ?? createToken());
  const log = options.log ?? ((line: string) => console.error(line));
  const sockets = new Set<WebSocket>();
  let port = 0;
  const names = new HostNames(() => port, options.allowedHosts);
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: WS_MAX_PAYLOAD,
    handleProtocols: (protocols) => (protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
  });
  wss.on('error', (error) => log(`layerlab host: WebSocket server: ${describe(error)}`));

  const requireCredential = (req: IncomingMessage) => {
    if (!credentials.accepts(bearerOf(req))) throw new HttpError(401, 'unauthorized', 'missing or wrong token: open the URL LayerLab printed, with its ?token=');
  };

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    names.checkHost(req);
    const url = requestUrl(req);
    names.checkOrigin(req);
    if (url.pathname === '/api/session') {
      if (req.method !== 'POST') throw new HttpError(405, 'bad-request', 'use POST for /api/session');
      if (!credentials.isToken(bearerOf(req))) throw new HttpError(401, 'unauthorized', 'missing or wrong token: open the URL LayerLab printed, with its ?token=');
      return sendJson(res, 200, { session: credentials.issueSession() });
    }
    if (url.pathname === '/api/uploads') {
      requireCredential(req);
      return sendJson(res, 200, await receiveUpload(req, url, options.dataDir));
    }
    if (url.pathname.startsWith('/api/')) {
      requireCredential(req);
      return handleApiRequest(options.service, url.pathname.slice('/api/'.length), req, res);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'bad-request', `use GET for ${url.pathname.slice(0, 200)}`);
    const file = resolveStaticPath(options.rendererDir, url.pathname);
    if (!file) throw new HttpError(404, 'not-found', `no file at ${url.pathname.slice(0, 200)}`);
    // The renderer's scripts and styles are the same for everyone; the page itself opens only with the token.
    if (file.isPage && !credentials.isToken(url.searchParams.get('token'))) {
      throw new HttpError(401, 'unauthorized', 'missing or wrong token: open the URL LayerLab printed, with its ?token=');
    }
    sendFile(res, file.path, file.isPage ? { 'Content-Security-Policy': contentSecurityPolicy(port), 'Referrer-Policy': 'no-referrer' } : {});
  }

  function answerFailure(req: IncomingMessage, res: ServerResponse, error: unknown): void {
    if (error instanceof HttpError) return sendHttpError(res, error);
    if (error instanceof ApiError) return sendHttpError(res, apiErrorToHttp(error));
    const what = `${req.method} ${(req.url ?? '').split('?')[0].slice(0, 200)}`;
    log(`layerlab host: ${what} failed: ${describe(error)}`);
    sendHttpError(res, new HttpError(500, 'internal', `${what} failed: ${error instanceof Error ? error.message : 'unexpected error'}; the host's log has the details`));
  }

  const server = createServer((req, res) => {
    req.on('error', (error) => log(`layerlab host: request ${req.method} failed: ${describe(error)}`));
    res.on('error', (error) => log(`layerlab host: response failed: ${describe(error)}`));
    route(req, res).catch((error: unknown) => {
      try {
        answerFailure(req, res, error);
      } catch (inner) {
        log(`layerlab host: could not answer a failed request: ${describe(inner)}`);
        res.destroy();
      }
    });
  });

  // Requests node cannot parse (bad request line, oversized headers, broken framing) never reach the handler.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || error.code === 'ECONNRESET' || error.code === 'EPIPE') return void socket.destroy();
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    const body = JSON.stringify({ error: { code: 'bad-request', message: 'the request is not valid HTTP' } });
    socket.end(`HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', (error) => log(`layerlab host: event socket: ${describe(error)}`));
    try {
      names.checkHost(req);
      const url = requestUrl(req);
      names.checkOrigin(req);
      if (url.pathname !== '/api/events') throw new HttpError(404, 'not-found', 'WebSocket connections go to /api/events');
      if (!credentials.accepts(wsProtocolCredential(req) ?? bearerOf(req))) throw new HttpError(401, 'unauthorized', 'missing or wrong credential');
      wss.handleUpgrade(req, socket, head, (ws) => {
        sockets.add(ws);
        ws.on('error', (error) => {
          log(`layerlab host: event socket closed: ${describe(error)}`);
          ws.terminate();
        });
        ws.on('close', () => sockets.delete(ws));
      });
    } catch (error) {
      const status = error instanceof HttpError ? error.status : 500;
      if (!(error instanceof HttpError)) log(`layerlab host: WebSocket upgrade failed: ${describe(error)}`);
      if (socket.writable) socket.end(`HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : 'Refused'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      else socket.destroy();
    }
  });

  const unsubscribe = options.service.subscribe((event) => {
    const text = JSON.stringify(event);
    for (const ws of sockets) {
      if (ws.readyState === ws.OPEN) ws.send(text, (error) => error && ws.terminate());
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  server.on('error', (error) => log(`layerlab host: ${describe(error)}`));
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${credentials.token}`,
    port,
    token: credentials.token,
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
