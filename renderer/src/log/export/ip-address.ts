import type { IpBytes } from '@shared/codecs/ip-literal';

// The parsers live in shared/ (the multicast group check uses them too); the export's callers import them from here.
export { parseIPv4, parseIPv6, parseIp, type IpBytes } from '@shared/codecs/ip-literal';

const V4_MAPPED_PREFIX = Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff);

/** The IPv4 address inside an IPv4-mapped IPv6 address (::ffff:a.b.c.d), else undefined. */
export function unmapIPv4(address: IpBytes): IpBytes | undefined {
  return address.length === 16 && V4_MAPPED_PREFIX.every((b, i) => address[i] === b) ? address.slice(12) : undefined;
}

/** a.b.c.d as ::ffff:a.b.c.d. */
export function mapIPv4(address: IpBytes): IpBytes {
  const out = new Uint8Array(16);
  out.set(V4_MAPPED_PREFIX);
  out.set(address, 12);
  return out;
}

/** 127.0.0.0/8, ::1, or ::ffff:127.x.x.x. */
export function isLoopback(address: IpBytes): boolean {
  if (address.length === 4) return address[0] === 127;
  const v4 = unmapIPv4(address);
  return v4 ? v4[0] === 127 : address.every((b, i) => b === (i === 15 ? 1 : 0));
}

export const isUnspecified = (address: IpBytes): boolean => address.every((b) => b === 0);
