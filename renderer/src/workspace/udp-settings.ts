import { SETTINGS_LIMITS, type TabSettings } from '@shared/contract/settings';
import { DEFAULT_UDP_ADDRESSING_FORM, UDP_ADDRESSING_FORM_KEYS, type UdpAddressingForm } from '../store/udp-addressing-form';

type SavedUdp = NonNullable<TabSettings['udp']>;

/**
 * 广播 / 组播 as the workspace file keeps them (tabs[].udp): the groups, the TTL as typed, loopback, the interface;
 * and the 接收缓冲区 as typed (issue 11, written only when set).
 * Left out while all are at their defaults, so the files of tabs that never used them stay as they were.
 */
export function udpSettingsOf(form: UdpAddressingForm): { readonly udp?: SavedUdp } {
  if (UDP_ADDRESSING_FORM_KEYS.every((key) => form[key] === DEFAULT_UDP_ADDRESSING_FORM[key] || (key === 'multicastGroups' && form.multicastGroups.length === 0))) return {};
  return {
    udp: {
      broadcast: form.udpBroadcast,
      multicastGroups: form.multicastGroups.map((membership) => ({ ...membership })),
      multicastTtl: form.multicastTtl.slice(0, SETTINGS_LIMITS.fieldChars),
      multicastLoopback: form.multicastLoopback,
      multicastInterface: form.multicastInterface,
      ...(form.recvBuffer === '' ? {} : { recvBuffer: form.recvBuffer.slice(0, SETTINGS_LIMITS.fieldChars) }),
    },
  };
}

/** The controls of a saved tab; a file without them (older, or never used) gets the defaults. */
export function udpFormOf(saved: TabSettings['udp']): UdpAddressingForm {
  return {
    udpBroadcast: saved?.broadcast ?? DEFAULT_UDP_ADDRESSING_FORM.udpBroadcast,
    multicastGroups: saved?.multicastGroups ?? DEFAULT_UDP_ADDRESSING_FORM.multicastGroups,
    multicastTtl: saved?.multicastTtl ?? DEFAULT_UDP_ADDRESSING_FORM.multicastTtl,
    multicastLoopback: saved?.multicastLoopback ?? DEFAULT_UDP_ADDRESSING_FORM.multicastLoopback,
    multicastInterface: saved?.multicastInterface ?? DEFAULT_UDP_ADDRESSING_FORM.multicastInterface,
    recvBuffer: saved?.recvBuffer ?? DEFAULT_UDP_ADDRESSING_FORM.recvBuffer,
  };
}
