/** 4 bytes for IPv4, 16 for IPv6. */
export type IpBytes = Uint8Array;

/** "192.168.1.5" → 4 bytes; undefined when it is not a dotted quad. */
export function parseIPv4(text: string): IpBytes | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    if (!/^\d{1,3}$/.test(parts[i]!)) return undefined;
    const n = Number(parts[i]);
    if (n > 255) return undefined;
    out[i] = n;
  }
  return out;
}

/** "fe80::1%eth0", "::ffff:10.0.0.1", "2001:db8::8:1" → 16 bytes (a zone id is dropped); undefined when not IPv6. */
export function parseIPv6(text: string): IpBytes | undefined {
  let address = text.replace(/%.*$/, '');
  const lastColon = address.lastIndexOf(':');
  if (lastColon < 0) return undefined;
  // A trailing dotted quad ("::ffff:1.2.3.4") is the last two groups.
  let tail: number[] = [];
  if (address.includes('.', lastColon)) {
    const v4 = parseIPv4(address.slice(lastColon + 1));
    if (!v4) return undefined;
    tail = [(v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!];
    address = address.slice(0, lastColon + 1);
    if (!address.endsWith('::')) address = address.slice(0, -1);
  }
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const head = hexGroups(halves[0]!);
  const rest = halves.length === 2 ? hexGroups(halves[1]!) : [];
  if (!head || !rest) return undefined;
  const written = head.length + rest.length + tail.length;
  if (halves.length === 1 ? written !== 8 : written > 7) return undefined;
  const words = [...head, ...new Array<number>(8 - written).fill(0), ...rest, ...tail];
  const out = new Uint8Array(16);
  words.forEach((word, i) => {
    out[2 * i] = word >> 8;
    out[2 * i + 1] = word & 0xff;
  });
  return out;
}

/** "2001:db8" → [0x2001, 0xdb8]; "" → []; undefined when a group is not 1–4 hex digits. */
function hexGroups(part: string): number[] | undefined {
  if (part === '') return [];
  const out: number[] = [];
  for (const group of part.split(':')) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
    out.push(parseInt(group, 16));
  }
  return out;
}

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

/** Parses either family; undefined for a host name or anything else. */
export function parseIp(text: string): IpBytes | undefined {
  return text.includes(':') ? parseIPv6(text) : parseIPv4(text);
}
