import { networkInterfaces } from 'node:os';
import { fail, familyOf, ok, type Endpoint, type RelayConfig, type Result } from '@shared';
import { resolveHostAll, unmapIPv4, type ResolvedAddress } from '../resolve-host';

/** Where a relay forwards: every address of the remote host (tried in turn by TCP), and how the log names it. */
export interface RelayTarget {
  readonly addresses: readonly ResolvedAddress[];
  readonly port: number;
  /** "host:port" as the user typed the host ("[::1]:9000" for an IPv6 literal): the server in the log's sentences. */
  readonly label: string;
  /** The first address, as the session's `remote`. */
  readonly endpoint: Endpoint;
}

/**
 * Resolves the remote host once, when the relay opens: a name that does not resolve is the user's mistake to hear at
 * once (ENOTFOUND naming the host), not a row per client later.
 */
export async function resolveRelayTarget(config: RelayConfig): Promise<Result<RelayTarget>> {
  const resolved = await resolveHostAll(config.remoteHost, 0);
  if (!resolved.ok) return { ok: false, error: { ...resolved.error, params: { ...resolved.error.params, host: config.remoteHost, field: 'remoteHost' } } };
  const first = resolved.value[0];
  if (!first) return fail('ENOTFOUND', 'Host not found', { host: config.remoteHost, field: 'remoteHost' });
  const host = config.remoteHost.trim();
  const label = host.includes(':') && !host.startsWith('[') ? `[${host}]:${config.remotePort}` : `${host}:${config.remotePort}`;
  const address = unmapIPv4(first.address);
  return ok({ addresses: resolved.value, port: config.remotePort, label, endpoint: { address, port: config.remotePort, family: familyOf(address) } });
}

const WILDCARDS = new Set(['0.0.0.0', '::']);

/**
 * Whether the relay, listening on `local`, would forward to itself: every client would open a pair to the relay,
 * which opens another, until the cap. True when the remote port is the listening port and a remote address is the
 * listening address, or (listening on all interfaces) a loopback or local interface address.
 */
export function forwardsToItself(local: Endpoint, target: RelayTarget): boolean {
  if (target.port !== local.port) return false;
  const ownAddresses = new Set<string>();
  if (WILDCARDS.has(local.address)) {
    for (const entries of Object.values(networkInterfaces())) for (const entry of entries ?? []) ownAddresses.add(entry.address);
  } else {
    ownAddresses.add(unmapIPv4(local.address));
  }
  return target.addresses.some((remote) => {
    const address = unmapIPv4(remote.address);
    return ownAddresses.has(address) || (WILDCARDS.has(local.address) && (address.startsWith('127.') || address === '::1'));
  });
}

/** The refusal for a relay that would forward to itself, by the remote port field. */
export function loopRefusal<T>(local: Endpoint, target: RelayTarget): Result<T> {
  return fail('INVALID_ARGUMENT', `The relay would forward to itself (${target.label} is where it listens)`, {
    field: 'remotePort',
    reason: 'relayLoop',
    endpoint: target.label,
    port: local.port,
  });
}
