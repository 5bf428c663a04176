import type { Socket } from 'node:dgram';
import {
  alreadyJoinedError,
  checkMulticastGroup,
  fail,
  membershipParams,
  ok,
  sameMembership,
  tooManyGroupsError,
  UDP_ADDRESSING_LIMITS,
  type AddressFamily,
  type AppError,
  type CheckedGroup,
  type MulticastMembership,
  type Result,
  type UdpConfig,
  type UdpSocketOptions,
} from '@shared';
import { errorFromNode } from './errors-from-node';
import { interfaceArgument, interfaceGoneError } from './multicast-interface';

/** What the socket was bound to: which groups it can join and how its options name an interface. */
export interface BoundSocket {
  readonly family: AddressFamily;
  readonly address: string;
  /** Bound to "::" with IPv6-only off: IPv4 groups too (through IPv4-mapped addresses). */
  readonly isDualStack: boolean;
}

/** What a UDP session's 广播 / 组播 are now, in the config's own fields (for a page that attaches); unset ones absent. */
export type UdpAddressingState = UdpSocketOptions & { multicastGroups?: MulticastMembership[] };

/**
 * 广播 and 组播 of one bound UDP socket (issue 10): SO_BROADCAST, the multicast send options (TTL / hop limit,
 * loopback, the interface datagrams to a group leave by) and the groups joined, each on an interface or on the one
 * the OS picks. Checks before it asks the OS (group, socket family, joined twice, an interface gone), and says what
 * the OS refused in the same words. Remembers what is in force, so a page that attaches shows it.
 */
export class UdpAddressing {
  /** The options set (at open or since); one never set is the system's default and absent here. */
  private options: UdpSocketOptions = {};
  private readonly groups: MulticastMembership[] = [];

  constructor(
    private readonly socket: Socket,
    private readonly bound: BoundSocket,
  ) {}

  /** SO_BROADCAST is on: a send refused as not allowed is then no longer about this option. */
  get isBroadcast(): boolean {
    return this.options.broadcast === true;
  }

  state(): UdpAddressingState {
    return { ...this.options, ...(this.groups.length > 0 ? { multicastGroups: [...this.groups] } : {}) };
  }

  /** At open: the config's options, then its groups in order; the first that fails fails the open. */
  applyConfig(config: UdpConfig): Result<null> {
    const { broadcast, multicastTtl, multicastLoopback, multicastInterface } = config;
    const set = this.set({ broadcast, multicastTtl, multicastLoopback, multicastInterface });
    if (!set.ok) return set;
    for (const membership of config.multicastGroups ?? []) {
      const joined = this.join(membership);
      if (!joined.ok) return joined;
    }
    return ok(null);
  }

  /** session.udp.set: each option given, in turn; one the OS refuses stops there (those before it stay in force). */
  set(options: UdpSocketOptions): Result<null> {
    if (options.multicastTtl !== undefined && !isTtl(options.multicastTtl)) {
      const { min, max } = UDP_ADDRESSING_LIMITS.ttl;
      return fail('INVALID_ARGUMENT', `The multicast TTL must be a whole number from ${min} to ${max}`, { field: 'multicastTtl', reason: 'multicastTtl', min, max });
    }
    // The interface first: it is what may fail (gone since the page listed it), before anything else changed.
    if (options.multicastInterface !== undefined) {
      const name = options.multicastInterface;
      const names = this.sendInterfaceArguments(name);
      if (!names.ok) return names;
      const applied = this.apply(() => this.socket.setMulticastInterface(names.value.main), name);
      if (!applied.ok) return applied;
      const { alsoIPv4 } = names.value;
      if (alsoIPv4 !== undefined) {
        // Best effort: a system that takes no IPv4 option on an IPv6 socket sends its IPv4 groups by its routes.
        this.apply(() => this.socket.setMulticastInterface(alsoIPv4));
      }
      this.options = { ...this.options, multicastInterface: name };
    }
    const { multicastTtl, multicastLoopback, broadcast } = options;
    if (multicastTtl !== undefined) {
      const applied = this.apply(() => this.socket.setMulticastTTL(multicastTtl));
      if (!applied.ok) return applied;
      this.options = { ...this.options, multicastTtl };
    }
    if (multicastLoopback !== undefined) {
      const applied = this.apply(() => this.socket.setMulticastLoopback(multicastLoopback));
      if (!applied.ok) return applied;
      this.options = { ...this.options, multicastLoopback };
    }
    if (broadcast !== undefined) {
      const applied = this.apply(() => this.socket.setBroadcast(broadcast));
      if (!applied.ok) return applied;
      this.options = { ...this.options, broadcast };
    }
    return ok(null);
  }

  /** 加入组播: `membership.group` on its interface (or the one the OS picks by its routes). */
  join(membership: MulticastMembership): Result<null> {
    const checked = checkMulticastGroup(membership.group);
    if (!checked.ok) return checked;
    const family = this.checkFamily(checked.value);
    if (!family.ok) return family;
    const wanted = membershipOf(checked.value.group, membership.interface);
    if (this.groups.some((joined) => sameMembership(joined, wanted))) return { ok: false, error: alreadyJoinedError(wanted) };
    if (this.groups.length >= UDP_ADDRESSING_LIMITS.multicastGroups) return { ok: false, error: tooManyGroupsError(UDP_ADDRESSING_LIMITS.multicastGroups) };
    const through = wanted.interface === undefined ? ok(undefined) : interfaceArgument(wanted.interface, checked.value.family);
    if (!through.ok) return through;
    try {
      this.socket.addMembership(wanted.group, through.value);
    } catch (error) {
      return { ok: false, error: this.joinErrorFromNode(error, wanted) };
    }
    this.groups.push(wanted);
    return ok(null);
  }

  /**
   * 退出组播. A group whose interface went away is left as far as the user is concerned: the OS no longer
   * delivers it there, and it goes from the list.
   */
  leave(membership: MulticastMembership): Result<null> {
    const checked = checkMulticastGroup(membership.group);
    if (!checked.ok) return checked;
    const wanted = membershipOf(checked.value.group, membership.interface);
    const index = this.groups.findIndex((joined) => sameMembership(joined, wanted));
    if (index < 0) {
      return fail('NOT_FOUND', `${describe(wanted)} is not joined`, { field: 'group', reason: 'notJoined', ...membershipParams(wanted) });
    }
    const through = wanted.interface === undefined ? ok(undefined) : interfaceArgument(wanted.interface, checked.value.family);
    if (through.ok) {
      try {
        this.socket.dropMembership(wanted.group, through.value);
      } catch (error) {
        if (!isInterfaceMissing(error)) return { ok: false, error: errorFromNode(error, membershipParams(wanted)) };
      }
    }
    this.groups.splice(index, 1);
    return ok(null);
  }

  /**
   * What setMulticastInterface is given for `name` ('' = back to the OS's choice). A dual-stack socket sends to IPv6
   * groups and to IPv4 ones: it is told both (IPv4 only when the interface has an IPv4 address).
   */
  private sendInterfaceArguments(name: string): Result<{ readonly main: string; readonly alsoIPv4?: string }> {
    const { family, isDualStack } = this.bound;
    if (name === '') return ok(family === 'IPv4' ? { main: '0.0.0.0' } : isDualStack ? { main: '::', alsoIPv4: '0.0.0.0' } : { main: '::' });
    if (family === 'IPv4') {
      const v4 = interfaceArgument(name, 'IPv4');
      return v4.ok ? ok({ main: v4.value }) : v4;
    }
    const v6 = interfaceArgument(name, 'IPv6');
    if (!v6.ok) return v6;
    const v4 = isDualStack ? interfaceArgument(name, 'IPv4') : undefined;
    return ok(v4?.ok ? { main: v6.value, alsoIPv4: v4.value } : { main: v6.value });
  }

  /** A socket option the OS refused: about the interface when one was named and the OS no longer has it. */
  private apply(action: () => void, interfaceName?: string): Result<null> {
    try {
      action();
      return ok(null);
    } catch (error) {
      if (interfaceName && isInterfaceMissing(error)) return { ok: false, error: interfaceGoneError(interfaceName) };
      return { ok: false, error: errorFromNode(error) };
    }
  }

  /** An IPv6 group needs an IPv6 socket; an IPv4 group an IPv4 socket or a dual-stack one (bound to "::"). */
  private checkFamily(group: CheckedGroup): Result<null> {
    const { family, address, isDualStack } = this.bound;
    if (group.family === family || (group.family === 'IPv4' && isDualStack)) return ok(null);
    return fail('INVALID_ARGUMENT', `${group.group} is an ${group.family} group, but the socket is bound to the ${family} address ${address}`, {
      field: 'group',
      reason: 'multicastFamily',
      group: group.group,
      family: group.family,
      address,
    });
  }

  private joinErrorFromNode(error: unknown, membership: MulticastMembership): AppError {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'EADDRINUSE') return alreadyJoinedError(membership);
    if (code === 'ENOBUFS') return tooManyGroupsError(this.groups.length);
    if (isInterfaceMissing(error)) {
      if (membership.interface !== undefined) return interfaceGoneError(membership.interface);
      // No interface named, and the OS found none for the group: no multicast route (a machine without a default route).
      return {
        code: 'EADDRNOTAVAIL',
        message: `The system has no interface to join ${membership.group} on: choose one`,
        params: { field: 'interface', reason: 'noMulticastInterface', group: membership.group },
        ...(error instanceof Error ? { detail: error.message } : {}),
      };
    }
    return errorFromNode(error, membershipParams(membership));
  }
}

/** ENODEV (IPv4: no such interface address), EADDRNOTAVAIL, ENXIO: the interface is not there for the OS. */
function isInterfaceMissing(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENODEV' || code === 'EADDRNOTAVAIL' || code === 'ENXIO';
}

const isTtl = (n: number): boolean => Number.isInteger(n) && n >= UDP_ADDRESSING_LIMITS.ttl.min && n <= UDP_ADDRESSING_LIMITS.ttl.max;

function membershipOf(group: string, name: string | undefined): MulticastMembership {
  return name === undefined || name === '' ? { group } : { group, interface: name };
}

function describe(membership: MulticastMembership): string {
  return membership.interface === undefined ? membership.group : `${membership.group} on ${membership.interface}`;
}
