import type { z } from 'zod';
import { formatIp, parseIPv4, parseIPv6 } from '../codecs/ip-literal';
import type { AddressFamily } from './endpoint';
import { fail, ok, type AppError, type Result } from './errors';
import type { multicastMembershipSchema, udpSocketOptionsSchema } from './schemas';

/*
 * 广播 and 组播 of a UDP session (issue 10, "Addressing"): SO_BROADCAST, multicast groups joined on an interface,
 * and the multicast send options. The session config carries them (applied at open); session.udp.set,
 * session.multicast.join and session.multicast.leave change them while it is open.
 */

/** One group joined on one interface. */
export type MulticastMembership = z.infer<typeof multicastMembershipSchema>;
/** What session.udp.set changes (each given field); the same fields sit in a UDP session's config. */
export type UdpSocketOptions = z.infer<typeof udpSocketOptionsSchema>;

export const UDP_ADDRESSING_LIMITS = {
  /**
   * Groups one session joins: Linux lets a socket join 20 IPv4 groups unless the administrator raised
   * net.ipv4.igmp_max_memberships; more than a person manages by hand in any case.
   */
  multicastGroups: 20,
  /** IP_MULTICAST_TTL / IPV6_MULTICAST_HOPS: 0 keeps datagrams on this machine, 1 (the systems' default) on the link. */
  ttl: { min: 0, max: 255 },
  /** Characters of a group as typed: the longest IPv6 literal is 45. */
  groupChars: 64,
  /** Characters of an interface's name: Windows names them like "vEthernet (Default Switch)". */
  interfaceNameChars: 256,
} as const;

/** A group as the engine joins it: one spelling per address (so a second join of the same group is seen as such). */
export interface CheckedGroup {
  readonly group: string;
  readonly family: AddressFamily;
}

/**
 * Whether `text` is a multicast group: an IP literal in 224.0.0.0/4 (IPv4) or ff00::/8 (IPv6). The page checks
 * what is typed with it, the hosts' schemas and the engine check again. Errors are INVALID_ARGUMENT with
 * `reason` 'notIpGroup' or 'notMulticast' and the group as typed.
 */
export function checkMulticastGroup(text: string): Result<CheckedGroup> {
  const trimmed = text.trim();
  const literal = trimmed.startsWith('[') && trimmed.endsWith(']') ? trimmed.slice(1, -1) : trimmed;
  const shown = literal.slice(0, UDP_ADDRESSING_LIMITS.groupChars);
  // A zone ("ff02::1%eth0") is not part of a group: the interface is chosen on its own.
  const v4 = literal.includes(':') ? undefined : parseIPv4(literal);
  const v6 = literal.includes(':') && !literal.includes('%') ? parseIPv6(literal) : undefined;
  if (v4) {
    if ((v4[0]! & 0xf0) === 0xe0) return ok({ group: formatIp(v4), family: 'IPv4' });
    return notMulticast(shown, 'IPv4');
  }
  if (v6) {
    if (v6[0] === 0xff) return ok({ group: formatIp(v6), family: 'IPv6' });
    return notMulticast(shown, 'IPv6');
  }
  return fail('INVALID_ARGUMENT', `"${shown}" is not an IP address: a multicast group is written like 239.1.2.3 or ff15::1234`, {
    field: 'group',
    reason: 'notIpGroup',
    group: shown,
  });
}

function notMulticast(group: string, family: AddressFamily): Result<never> {
  const range = family === 'IPv4' ? '224.0.0.0/4 (224.0.0.0–239.255.255.255)' : 'ff00::/8 (beginning with ff)';
  return fail('INVALID_ARGUMENT', `${group} is not a multicast address: ${family} groups are in ${range}`, {
    field: 'group',
    reason: 'notMulticast',
    group,
    family,
  });
}

/** Two memberships are the same when they name the same group (in any spelling) on the same interface. */
export function sameMembership(a: MulticastMembership, b: MulticastMembership): boolean {
  const groupA = checkMulticastGroup(a.group);
  const groupB = checkMulticastGroup(b.group);
  const sameGroup = groupA.ok && groupB.ok ? groupA.value.group === groupB.value.group : a.group === b.group;
  return sameGroup && (a.interface ?? '') === (b.interface ?? '');
}

/** A membership as error params: the group, and the interface when one was named. */
export function membershipParams(membership: MulticastMembership): Record<string, string> {
  return membership.interface === undefined ? { group: membership.group } : { group: membership.group, interface: membership.interface };
}

/** The same group on the same interface a second time (the OS would say EADDRINUSE). */
export function alreadyJoinedError(membership: MulticastMembership): AppError {
  const where = membership.interface === undefined ? membership.group : `${membership.group} on ${membership.interface}`;
  return { code: 'INVALID_ARGUMENT', message: `${where} is joined already`, params: { field: 'group', reason: 'alreadyJoined', ...membershipParams(membership) } };
}

/** `max`: UDP_ADDRESSING_LIMITS.multicastGroups, or as many as the OS allowed (Linux: net.ipv4.igmp_max_memberships). */
export function tooManyGroupsError(max: number): AppError {
  return { code: 'INVALID_ARGUMENT', message: `A session joins at most ${max} multicast groups here`, params: { field: 'group', reason: 'tooManyGroups', max } };
}
