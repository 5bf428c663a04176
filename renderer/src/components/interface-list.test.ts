import { describe, expect, it } from 'vitest';
import { groupInterfaces, interfaceLabel } from './interface-list';

describe('the interface list', () => {
  it('groups the engine\'s flat list by interface, IPv4 first, and writes each as "name — addresses" without zones', () => {
    const groups = groupInterfaces([
      { name: 'lo', address: '::1', family: 'IPv6', internal: true },
      { name: 'lo', address: '127.0.0.1', family: 'IPv4', internal: true },
      { name: 'eth0', address: 'fe80::1%eth0', family: 'IPv6', internal: false },
      { name: 'eth0', address: '192.168.1.5', family: 'IPv4', internal: false },
      { name: 'wg0', address: '10.8.0.2', family: 'IPv4', internal: false },
    ]);
    expect(groups.map(interfaceLabel)).toEqual(['lo — 127.0.0.1, ::1', 'eth0 — 192.168.1.5, fe80::1', 'wg0 — 10.8.0.2']);
    // The options keep the zone: a link-local address cannot be bound without it.
    expect(groups[1]!.addresses.map((entry) => entry.address)).toEqual(['192.168.1.5', 'fe80::1%eth0']);
    expect(groupInterfaces([])).toEqual([]);
  });
});
