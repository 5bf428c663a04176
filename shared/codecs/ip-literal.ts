/*
 * IP address literals as people type them, parsed to bytes and written back in one spelling. Pure, for both sides:
 * the page checks a multicast group as it is typed, the hosts' schemas and the engine check it again.
 */

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

/** Parses either family; undefined for a host name or anything else. */
export function parseIp(text: string): IpBytes | undefined {
  return text.includes(':') ? parseIPv6(text) : parseIPv4(text);
}

/**
 * The one spelling of an address (RFC 5952 for IPv6: lower case, no leading zeros, the longest run of two or more
 * zero groups as "::"), so "FF15:0::1234" and "ff15::1234" are seen as the same group.
 */
export function formatIp(address: IpBytes): string {
  if (address.length === 4) return address.join('.');
  const words = Array.from({ length: 8 }, (_, i) => (address[2 * i]! << 8) | address[2 * i + 1]!);
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    let end = i;
    while (end < 8 && words[end] === 0) end++;
    if (end - i > bestLength) {
      bestStart = i;
      bestLength = end - i;
    }
    i = end === i ? i + 1 : end;
  }
  const hex = (from: number, to: number): string => words.slice(from, to).map((word) => word.toString(16)).join(':');
  if (bestStart < 0) return hex(0, 8);
  return `${hex(0, bestStart)}::${hex(bestStart + bestLength, 8)}`;
}
