import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-error';

export const LOOPBACK_NAMES: readonly string[] = ['127.0.0.1', 'localhost', '[::1]'];

/** The request target as a URL; a target that does not parse is the client's mistake. */
export function requestUrl(req: IncomingMessage): URL {
  try {
    return new URL(req.url ?? '/', 'http://127.0.0.1');
  } catch {
    throw new HttpError(400, 'bad-request', 'the request target is not a valid URL');
  }
}

/** `name:port`, `[v6]:port` or `name` → the lower-cased name, null when it is not a host name at all. */
export function hostNameOf(header: string): string | null {
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9._-]+)(?::(\d{1,5}))?$/i.exec(header.trim());
  return match ? match[1].toLowerCase() : null;
}

/**
 * Which names the host answers to: the loopback names, plus those the user gave with `serve --allow-host`.
 * A page on another name that resolves to 127.0.0.1 (DNS rebinding) is refused before it reaches anything.
 */
export class HostNames {
  private readonly allowed: Set<string>;

  constructor(
    private readonly port: () => number,
    extra: readonly string[] = [],
  ) {
    this.allowed = new Set(extra.map((name) => name.toLowerCase()));
  }

  checkHost(req: IncomingMessage): void {
    const header = req.headers.host;
    const name = typeof header === 'string' ? hostNameOf(header) : null;
    if (name !== null && (LOOPBACK_NAMES.includes(name) || this.allowed.has(name))) return;
    const shown = typeof header === 'string' ? `"${header.slice(0, 100)}"` : 'missing';
    throw new HttpError(
      421,
      'wrong-host',
      `the Host header is ${shown}; LayerLab answers only at ${LOOPBACK_NAMES.join(', ')} (start \`layerlab serve --allow-host NAME\` to answer at another name)`,
    );
  }

  /** Another site's page in the same browser must not drive the API: only LayerLab's own page may send an Origin. */
  checkOrigin(req: IncomingMessage): void {
    const origin = req.headers.origin;
    if (origin === undefined || this.ownOrigin(origin)) return;
    throw new HttpError(401, 'unauthorized', `requests from ${String(origin).slice(0, 200)} are refused; LayerLab answers only its own page`);
  }

  private ownOrigin(origin: string): boolean {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return false;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    const name = url.hostname.toLowerCase();
    if (this.allowed.has(name)) return true;
    return url.protocol === 'http:' && LOOPBACK_NAMES.includes(name) && url.port === String(this.port());
  }
}
