import type { IpBytes } from './ip-address';

export const IP_PROTO_TCP = 6;
export const IP_PROTO_UDP = 17;

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;

const IPV4_HEADER = 20;
const IPV6_HEADER = 40;
const UDP_HEADER = 8;
const TCP_HEADER = 20;

/** Most payload one synthesized TCP segment carries: IPv4's total length (16 bits) minus both headers. */
export const MAX_TCP_SEGMENT = 0xffff - IPV4_HEADER - TCP_HEADER;

export interface TcpFields {
  readonly seq: number;
  readonly ack: number;
  readonly flags: number;
}

/** One IP packet to synthesize: addresses of one family (4 or 16 bytes), ports, payload. */
export interface PacketSpec {
  readonly src: IpBytes;
  readonly dst: IpBytes;
  readonly srcPort: number;
  readonly dstPort: number;
  /** UDP when absent. */
  readonly tcp?: TcpFields;
  /** The payload bytes the log kept. */
  readonly payload: Uint8Array;
  /** The payload's length on the wire (≥ payload.length): headers say this length, the record keeps what we have. */
  readonly wireLength?: number;
  /** IPv4 identification. */
  readonly id?: number;
}

export interface Packet {
  /** The packet as captured: headers + the kept payload. */
  readonly bytes: Uint8Array;
  /** Its length on the wire (the pcap record's orig_len). */
  readonly wireLength: number;
}

/** Internet checksum (RFC 1071) of the given pieces, as if they were one buffer; odd-length pieces are padded at the end only. */
function checksum(pieces: readonly Uint8Array[]): number {
  let sum = 0;
  let odd = false;
  let pending = 0;
  for (const piece of pieces) {
    for (let i = 0; i < piece.length; i++) {
      if (odd) sum += pending | piece[i]!;
      else pending = piece[i]! << 8;
      odd = !odd;
      // Fold now and then so the sum stays a small integer however long the payload.
      if ((i & 0xffff) === 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
    }
  }
  if (odd) sum += pending;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/**
 * An IPv4 or IPv6 packet (no link layer: pcap LINKTYPE_RAW) carrying one UDP datagram or TCP segment. Lengths in
 * the headers are the wire lengths; checksums are computed when the whole payload is there (UDP over IPv6 needs
 * one; a packet the log kept only the start of cannot have a true one and carries 0, which Wireshark shows as
 * unverified for a cut packet).
 */
export function buildPacket(spec: PacketSpec): Packet {
  const v6 = spec.src.length === 16;
  const wirePayload = spec.wireLength ?? spec.payload.length;
  const complete = wirePayload === spec.payload.length;
  const l4Header = spec.tcp ? TCP_HEADER : UDP_HEADER;
  const l4Length = l4Header + wirePayload;
  const ipHeader = v6 ? IPV6_HEADER : IPV4_HEADER;
  const proto = spec.tcp ? IP_PROTO_TCP : IP_PROTO_UDP;
  const bytes = new Uint8Array(ipHeader + l4Header + spec.payload.length);
  const view = new DataView(bytes.buffer);

  if (v6) {
    view.setUint32(0, 0x60000000);
    view.setUint16(4, Math.min(0xffff, l4Length));
    bytes[6] = proto;
    bytes[7] = 64; // hop limit
    bytes.set(spec.src, 8);
    bytes.set(spec.dst, 24);
  } else {
    bytes[0] = 0x45;
    view.setUint16(2, Math.min(0xffff, IPV4_HEADER + l4Length));
    view.setUint16(4, (spec.id ?? 0) & 0xffff);
    view.setUint16(6, 0x4000); // don't fragment
    bytes[8] = 64; // TTL
    bytes[9] = proto;
    bytes.set(spec.src, 12);
    bytes.set(spec.dst, 16);
    view.setUint16(10, checksum([bytes.subarray(0, IPV4_HEADER)]));
  }

  const l4 = bytes.subarray(ipHeader);
  const l4View = new DataView(bytes.buffer, ipHeader);
  l4View.setUint16(0, spec.srcPort);
  l4View.setUint16(2, spec.dstPort);
  if (spec.tcp) {
    l4View.setUint32(4, spec.tcp.seq >>> 0);
    l4View.setUint32(8, spec.tcp.ack >>> 0);
    l4[12] = (TCP_HEADER / 4) << 4;
    l4[13] = spec.tcp.flags;
    l4View.setUint16(14, 0xffff); // window
  } else {
    l4View.setUint16(4, Math.min(0xffff, l4Length));
  }
  l4.set(spec.payload, l4Header);

  if (complete) {
    const pseudo = pseudoHeader(spec.src, spec.dst, proto, l4Length);
    let sum = checksum([pseudo, l4]);
    // UDP sends a computed 0 as FFFF (0 means "no checksum").
    if (!spec.tcp && sum === 0) sum = 0xffff;
    l4View.setUint16(spec.tcp ? 16 : 6, sum);
  }
  return { bytes, wireLength: ipHeader + l4Header + wirePayload };
}

/** The pseudo-header the UDP / TCP checksum covers (RFC 768 / 793 for IPv4, RFC 8200 §8.1 for IPv6). */
function pseudoHeader(src: IpBytes, dst: IpBytes, proto: number, l4Length: number): Uint8Array {
  if (src.length === 16) {
    const out = new Uint8Array(40);
    out.set(src, 0);
    out.set(dst, 16);
    new DataView(out.buffer).setUint32(32, l4Length);
    out[39] = proto;
    return out;
  }
  const out = new Uint8Array(12);
  out.set(src, 0);
  out.set(dst, 4);
  out[9] = proto;
  new DataView(out.buffer).setUint16(10, l4Length);
  return out;
}

/** For tests: the checksum over pieces, 0 when a buffer with its checksum in place is intact. */
export const internetChecksum = checksum;
