import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';

/**
 * Who may talk to the browser host. A WebSocket to it can open sockets on this machine, so it needs both the
 * secret token from the printed URL and a page served by this host (Origin check: another site open in the same
 * browser cannot connect, even on loopback). The Host check on every request defeats DNS rebinding: a foreign
 * name that resolves to 127.0.0.1 never reaches the page or the socket.
 */

/** 24 random bytes = 192 bits, base64url so it survives a URL without escaping. */
export function createToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Compares without leaking the position of the first difference; hashing first makes lengths equal. */
export function tokensMatch(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string' || given.length === 0 || given.length > 1024) return false;
  const a = createHash('sha256').update(expected, 'utf8').digest();
  const b = createHash('sha256').update(given, 'utf8').digest();
  return timingSafeEqual(a, b);
}

export function isLoopbackHost(host: string): boolean {
  const h = stripBrackets(host).toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  return /^::ffff:127\./.test(h);
}

export function isWildcardHost(host: string): boolean {
  const h = stripBrackets(host);
  return h === '0.0.0.0' || h === '::';
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** "127.0.0.1" → "127.0.0.1", "::1" → "[::1]": the spelling inside a URL's authority. */
export function urlHostname(host: string): string {
  const h = stripBrackets(host);
  return h.includes(':') ? `[${h}]` : h;
}

/**
 * Host names (URL spelling, lower case) under which this host may be reached: the loopback names always, the
 * bound address, and for a wildcard bind every address of this machine's interfaces (read at check time: they
 * change when a network comes up).
 */
export function allowedHostnames(boundHost: string): Set<string> {
  const names = new Set(['127.0.0.1', 'localhost', '[::1]', urlHostname(boundHost).toLowerCase()]);
  if (isWildcardHost(boundHost)) {
    for (const list of Object.values(networkInterfaces())) {
      for (const info of list ?? []) names.add(urlHostname(info.address.split('%')[0] ?? info.address).toLowerCase());
    }
  }
  return names;
}

/** Is `hostHeader` ("127.0.0.1:8080", "[::1]:8080") this server under one of its names and its port? */
export function isAllowedHostHeader(hostHeader: string | undefined, boundHost: string, port: number): boolean {
  if (!hostHeader) return false;
  const match = /^(\[[^\]]+\]|[^:[\]]+):(\d+)$/.exec(hostHeader.trim());
  if (!match) return false;
  return Number(match[2]) === port && allowedHostnames(boundHost).has(match[1]!.toLowerCase());
}

/** Is `origin` exactly http://<one of our names>:<port>? (No https: this host serves plain HTTP only.) */
export function isAllowedOrigin(origin: string | undefined, boundHost: string, port: number): boolean {
  if (!origin) return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' || url.origin !== origin.toLowerCase().replace(/\/$/, '')) return false;
  return Number(url.port) === port && allowedHostnames(boundHost).has(url.hostname.toLowerCase());
}
