import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { fail, ok, type AddressFamily, type Result } from '@shared';
import { errorFromNode } from './errors-from-node';

/** 0 = any family, 4 = IPv4 only, 6 = IPv6 only (the `family` option of dns.lookup). */
export type FamilyWanted = 0 | 4 | 6;

export interface ResolvedAddress {
  readonly address: string;
  readonly family: AddressFamily;
}

/** "[::1]" → "::1": users paste bracketed IPv6 literals from URLs and from our own log. */
export function stripBrackets(host: string): string {
  const trimmed = host.trim();
  return trimmed.startsWith('[') && trimmed.endsWith(']') ? trimmed.slice(1, -1) : trimmed;
}

/** "::ffff:10.0.0.1" → "10.0.0.1": a dual-stack socket reports IPv4 peers as mapped addresses; users think in IPv4. */
export function unmapIPv4(address: string): string {
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(address) ? address.slice(7) : address;
}

/**
 * Every address of a name (in the resolver's order), or the literal itself: a TCP client tries them in turn,
 * so "localhost" reaches a server that listens on only one of 127.0.0.1 and ::1.
 */
export async function resolveHostAll(host: string, wanted: FamilyWanted): Promise<Result<ResolvedAddress[]>> {
  const name = stripBrackets(host);
  if (isIP(name.split('%')[0] ?? '') !== 0) {
    const single = await resolveHost(name, wanted);
    return single.ok ? ok([single.value]) : single;
  }
  try {
    const found = await lookup(name, { family: wanted, all: true });
    return ok(found.map((entry) => ({ address: entry.address, family: entry.family === 6 ? ('IPv6' as const) : ('IPv4' as const) })));
  } catch (error) {
    return { ok: false, error: errorFromNode(error, { host: name }) };
  }
}

/**
 * An IP literal is returned as is (after a family check); a name goes through dns.lookup (getaddrinfo, so
 * /etc/hosts applies, like every other program on the machine). The first address wins.
 */
export async function resolveHost(host: string, wanted: FamilyWanted): Promise<Result<ResolvedAddress>> {
  const name = stripBrackets(host);
  const literal = isIP(name.split('%')[0] ?? '');
  if (literal !== 0) {
    if (wanted !== 0 && literal !== wanted) {
      return fail('INVALID_ARGUMENT', `${name} is an IPv${literal} address but the socket is IPv${wanted}`, { host: name, field: 'host' });
    }
    return ok({ address: name, family: literal === 6 ? 'IPv6' : 'IPv4' });
  }
  try {
    const found = await lookup(name, { family: wanted });
    return ok({ address: found.address, family: found.family === 6 ? 'IPv6' : 'IPv4' });
  } catch (error) {
    return { ok: false, error: errorFromNode(error, { host: name }) };
  }
}
