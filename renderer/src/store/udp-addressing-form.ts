import { fail, ok, type Result } from '@shared/contract/errors';
import type { UdpConfig } from '@shared/contract/session';
import { UDP_ADDRESSING_LIMITS, type MulticastMembership } from '@shared/contract/udp-addressing';
import { formatReceiveBufferSize, parseReceiveBufferSize } from '@shared/contract/receive-buffer';

/**
 * 广播 / 组播 of a UDP tab as the user set them (UdpAddressing.tsx): kept with the tab in the workspace file, sent with
 * session.open, and applied at once to the tab's open UDP session when changed.
 */
export interface UdpAddressingForm {
  /** 广播: SO_BROADCAST on the tab's socket. */
  readonly udpBroadcast: boolean;
  /** The groups the tab joins when it opens (and has joined while open), each on its interface. */
  readonly multicastGroups: readonly MulticastMembership[];
  /** TTL / hop limit as typed; empty = the system's default (1). */
  readonly multicastTtl: string;
  /** 本机回环: this machine's sockets get what the tab sends to a group (the systems' default: on). */
  readonly multicastLoopback: boolean;
  /** The interface joins use and datagrams to a group leave by; '' = the OS's choice. */
  readonly multicastInterface: string;
  /** 接收缓冲区 as typed (issue 11): KiB, or with a unit ("4M"); empty = the OS's default. Applied at open. */
  readonly recvBuffer: string;
}

export const UDP_ADDRESSING_FORM_KEYS = ['udpBroadcast', 'multicastGroups', 'multicastTtl', 'multicastLoopback', 'multicastInterface', 'recvBuffer'] as const satisfies ReadonlyArray<
  keyof UdpAddressingForm
>;

export const DEFAULT_UDP_ADDRESSING_FORM: UdpAddressingForm = {
  udpBroadcast: false,
  multicastGroups: [],
  multicastTtl: '',
  multicastLoopback: true,
  multicastInterface: '',
  recvBuffer: '',
};

/** What the systems use when no TTL is set (and what an emptied field goes back to while open). */
export const DEFAULT_MULTICAST_TTL = 1;

/** The TTL field: empty = the system's default; else a whole number 0–255 (INVALID_ARGUMENT by the field). */
export function parseMulticastTtl(text: string): Result<number | undefined> {
  const trimmed = text.trim();
  if (trimmed === '') return ok(undefined);
  const { min, max } = UDP_ADDRESSING_LIMITS.ttl;
  const value = /^\d{1,3}$/.test(trimmed) ? Number(trimmed) : NaN;
  if (value >= min && value <= max) return ok(value);
  return fail('INVALID_ARGUMENT', `The multicast TTL must be a whole number from ${min} to ${max}`, { field: 'multicastTtl', reason: 'multicastTtl', min, max });
}

/**
 * The config fields session.open carries for the form: only what differs from the system's defaults, so a tab that
 * never used them opens with the plain config it always did. A TTL that does not parse is the error.
 */
export function udpConfigOfForm(form: UdpAddressingForm): Result<Partial<UdpConfig>> {
  const ttl = parseMulticastTtl(form.multicastTtl);
  if (!ttl.ok) return ttl;
  return ok({
    ...(form.udpBroadcast ? { broadcast: true } : {}),
    ...(ttl.value !== undefined ? { multicastTtl: ttl.value } : {}),
    ...(form.multicastLoopback ? {} : { multicastLoopback: false }),
    ...(form.multicastInterface !== '' ? { multicastInterface: form.multicastInterface } : {}),
    ...(form.multicastGroups.length > 0 ? { multicastGroups: form.multicastGroups.map((membership) => ({ ...membership })) } : {}),
  });
}

/** 接收缓冲区 for session.open: absent while empty (the OS's default); a size out of bounds is the field's error. */
export function receiveBufferConfigOfForm(form: Pick<UdpAddressingForm, 'recvBuffer'>): Result<Pick<UdpConfig, 'recvBufferSize'>> {
  const size = parseReceiveBufferSize(form.recvBuffer);
  if (!size.ok) return size;
  return ok(size.value === undefined ? {} : { recvBufferSize: size.value });
}

/** The form of a UDP session's config (a session another page opened, or the engine's state after a reload). */
export function udpFormOfConfig(config: UdpConfig): UdpAddressingForm {
  return {
    udpBroadcast: config.broadcast ?? false,
    multicastGroups: config.multicastGroups ?? [],
    multicastTtl: config.multicastTtl === undefined ? '' : String(config.multicastTtl),
    multicastLoopback: config.multicastLoopback ?? true,
    multicastInterface: config.multicastInterface ?? '',
    recvBuffer: config.recvBufferSize === undefined ? '' : formatReceiveBufferSize(config.recvBufferSize),
  };
}
