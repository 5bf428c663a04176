import { networkInterfaces } from 'node:os';
import type { NetworkInterfaceInfo } from '@shared';

/**
 * The machine's addresses, flattened for the "local address" dropdown. IPv6 link-local addresses (fe80::/10)
 * get their zone ("%eth0") appended because they cannot be bound without one.
 */
export function listInterfaces(): NetworkInterfaceInfo[] {
  const result: NetworkInterfaceInfo[] = [];
  for (const [name, addresses] of Object.entries(networkInterfaces())) {
    for (const entry of addresses ?? []) {
      // Node 18.0–18.3 reported family as a number; accept both spellings.
      const family = entry.family === 'IPv6' || (entry.family as unknown) === 6 ? 'IPv6' : 'IPv4';
      const isLinkLocal = family === 'IPv6' && /^fe[89ab]/i.test(entry.address) && !entry.address.includes('%');
      result.push({ name, address: isLinkLocal ? `${entry.address}%${name}` : entry.address, family, internal: entry.internal });
    }
  }
  return result;
}
