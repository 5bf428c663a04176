import type { NetworkInterfaceInfo } from '@shared/contract/commands';

/** One interface with its addresses, IPv4 first (system.interfaces lists one entry per address). */
export interface InterfaceGroup {
  readonly name: string;
  readonly addresses: readonly NetworkInterfaceInfo[];
}

/** The engine's flat list as interfaces, in the order the OS gave them. */
export function groupInterfaces(list: readonly NetworkInterfaceInfo[]): InterfaceGroup[] {
  const byName = new Map<string, NetworkInterfaceInfo[]>();
  for (const entry of list) {
    const addresses = byName.get(entry.name) ?? [];
    addresses.push(entry);
    byName.set(entry.name, addresses);
  }
  return [...byName].map(([name, addresses]) => ({
    name,
    addresses: [...addresses.filter((a) => a.family === 'IPv4'), ...addresses.filter((a) => a.family === 'IPv6')],
  }));
}

/** An address as the list shows it: a link-local's zone ("%eth0") is the interface's name, shown already. */
export function shownAddress(address: string): string {
  return address.replace(/%.*$/, '');
}

/** "lo — 127.0.0.1, ::1": the interface and its addresses on one line. */
export function interfaceLabel(group: InterfaceGroup): string {
  return `${group.name} — ${group.addresses.map((entry) => shownAddress(entry.address)).join(', ')}`;
}
