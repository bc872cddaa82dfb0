import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The WebSocket subprotocol LayerLab's client asks for; the credential rides beside it as `layerlab.auth.<credential>`. */
export const WS_PROTOCOL = 'layerlab';
export const WS_AUTH_PREFIX = 'layerlab.auth.';
/** Tabs that exchanged the token; the oldest credential is forgotten beyond this many. */
const MAX_SESSIONS = 256;

export function createToken(): string {
  return randomBytes(24).toString('hex');
}

function sameSecret(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Who may use the host: whoever holds the printed token, and each browser tab that exchanged it for a
 * credential of its own (kept in the tab's sessionStorage and sent only by LayerLab's client, never as a
 * cookie, which every server on 127.0.0.1 would receive whatever its port).
 */
export class HostCredentials {
  private readonly sessions = new Set<string>();

  constructor(readonly token: string) {}

  isToken(given: string | null): boolean {
    return given !== null && sameSecret(this.token, given);
  }

  accepts(given: string | null): boolean {
    if (given === null || given === '') return false;
    if (this.isToken(given)) return true;
    for (const session of this.sessions) if (sameSecret(session, given)) return true;
    return false;
  }

  issueSession(): string {
    const session = randomBytes(32).toString('hex');
    this.sessions.add(session);
    if (this.sessions.size > MAX_SESSIONS) this.sessions.delete(this.sessions.values().next().value!);
    return session;
  }
}

/** `Authorization: Bearer X` → X; anything else → null. */
export function bearerOf(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (typeof header !== 'string' || !header.startsWith('Bearer ')) return null;
  return header.slice('Bearer '.length).trim();
}

/** The credential a WebSocket upgrade offers in Sec-WebSocket-Protocol (browsers cannot set Authorization there). */
export function wsProtocolCredential(req: IncomingMessage): string | null {
  const header = req.headers['sec-websocket-protocol'];
  if (typeof header !== 'string') return null;
  const offered = header.split(',').map((part) => part.trim());
  const auth = offered.find((part) => part.startsWith(WS_AUTH_PREFIX));
  return auth ? auth.slice(WS_AUTH_PREFIX.length) : null;
}
