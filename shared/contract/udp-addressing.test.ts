import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkMulticastGroup, sameMembership } from './udp-addressing';

describe('checkMulticastGroup', () => {
  it.each([
    ['224.0.0.0', '224.0.0.0', 'IPv4'],
    ['239.255.255.255', '239.255.255.255', 'IPv4'],
    [' 239.001.002.003 ', '239.1.2.3', 'IPv4'],
    ['ff02::1', 'ff02::1', 'IPv6'],
    ['FF15:0:0::1234', 'ff15::1234', 'IPv6'],
    ['[ff05::1:3]', 'ff05::1:3', 'IPv6'],
    ['ff0e:0:0:0:0:0:0:0', 'ff0e::', 'IPv6'],
  ])('%j is the group %s (%s)', (text, group, family) => {
    expect(checkMulticastGroup(text)).toEqual({ ok: true, value: { group, family } });
  });

  it.each([
    ['223.255.255.255', 'IPv4'],
    ['240.0.0.0', 'IPv4'],
    ['10.0.0.1', 'IPv4'],
    ['255.255.255.255', 'IPv4'],
    ['fe80::1', 'IPv6'],
    ['::ffff:239.1.2.3', 'IPv6'],
    // 0x00ff: "ff" as the first group is not ff00::/8.
    ['ff::1', 'IPv6'],
  ])('%j is not multicast, and the error says the family', (group, family) => {
    expect(checkMulticastGroup(group)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', params: { field: 'group', reason: 'notMulticast', group, family } } });
  });

  it.each(['', 'mcast.example', '239.1.2', '239.1.2.256', 'ff02::1%eth0', 'ff02:::1'])('%j is not an IP address', (group) => {
    expect(checkMulticastGroup(group)).toMatchObject({ ok: false, error: { params: { reason: 'notIpGroup', group } } });
  });

  it('same group in two spellings on the same interface is one membership; another interface is another', () => {
    expect(sameMembership({ group: 'FF15::1234', interface: 'eth0' }, { group: 'ff15:0::1234', interface: 'eth0' })).toBe(true);
    expect(sameMembership({ group: '239.1.2.3' }, { group: '239.1.2.3', interface: 'eth0' })).toBe(false);
    expect(sameMembership({ group: '239.1.2.3' }, { group: '239.1.2.4' })).toBe(false);
  });

  it('never throws on any text; a group it accepts is accepted again in its own spelling, the same group', () => {
    const ipish = fc.string({ unit: fc.constantFrom('0', '1', '9', '2', '5', 'a', 'f', 'F', 'g', '.', ':', '::', '%', '[', ']', ' ', '-'), maxLength: 45 });
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 60 }), ipish), (text) => {
        const checked = checkMulticastGroup(text);
        if (!checked.ok) {
          expect(checked.error.params?.reason).toMatch(/^(notIpGroup|notMulticast)$/);
          return;
        }
        expect(checkMulticastGroup(checked.value.group)).toEqual(checked);
      }),
      { numRuns: 3000 },
    );
  });
});
