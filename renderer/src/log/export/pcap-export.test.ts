import { describe, expect, it } from 'vitest';
import type { Endpoint } from '@shared/contract/endpoint';
import type { TrafficFrame } from '@shared/traffic/frame';
import { encodeLogEvent, type SessionLogEvent } from '@shared/traffic/log-event';
import { MAX_ROW_BYTES } from '../format-row';
import { LogStore } from '../log-store';
import { viewRows } from './export-rows';
import { internetChecksum, MAX_TCP_SEGMENT, TCP_ACK, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN } from './ip-packet';
import { encodePcap, LINKTYPE_RAW, type PcapSession } from './pcap-export';

/** A pcap packet as this test reads it back: record header, IP header, UDP/TCP header, payload. */
interface ParsedPacket {
  readonly tsSec: number;
  readonly tsUsec: number;
  readonly capturedLength: number;
  readonly wireLength: number;
  readonly version: 4 | 6;
  readonly src: string;
  readonly dst: string;
  readonly proto: number;
  readonly srcPort: number;
  readonly dstPort: number;
  /** IP total length (v4) or payload length + 40 (v6). */
  readonly ipLength: number;
  readonly udpLength?: number;
  readonly seq?: number;
  readonly ack?: number;
  readonly flags?: number;
  readonly payload: Uint8Array;
  /** The L4 checksum checks out (over the pseudo-header), or the field is 0 for a UDP/IPv4 packet without one. */
  readonly checksumOk: boolean;
  readonly ipChecksumOk: boolean;
}

const concat = (parts: Iterable<Uint8Array>): Uint8Array => {
  const list = [...parts];
  const out = new Uint8Array(list.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of list) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

const v4Text = (b: Uint8Array) => Array.from(b).join('.');
const v6Text = (b: Uint8Array) => Array.from({ length: 8 }, (_, i) => ((b[2 * i]! << 8) | b[2 * i + 1]!).toString(16)).join(':');

/** A small pcap reader: global header (checked), then every record, decoded down to the payload. */
function parsePcap(file: Uint8Array): { linkType: number; packets: ParsedPacket[] } {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  expect(view.getUint32(0, true)).toBe(0xa1b2c3d4);
  expect([view.getUint16(4, true), view.getUint16(6, true)]).toEqual([2, 4]);
  const linkType = view.getUint32(20, true);
  const packets: ParsedPacket[] = [];
  for (let at = 24; at < file.length; ) {
    const tsSec = view.getUint32(at, true);
    const tsUsec = view.getUint32(at + 4, true);
    const capturedLength = view.getUint32(at + 8, true);
    const wireLength = view.getUint32(at + 12, true);
    const ip = file.subarray(at + 16, at + 16 + capturedLength);
    expect(ip.length).toBe(capturedLength);
    at += 16 + capturedLength;
    const ipView = new DataView(ip.buffer, ip.byteOffset, ip.byteLength);
    const version = (ip[0]! >> 4) as 4 | 6;
    const headerLength = version === 4 ? (ip[0]! & 15) * 4 : 40;
    const proto = version === 4 ? ip[9]! : ip[6]!;
    const src = version === 4 ? v4Text(ip.subarray(12, 16)) : v6Text(ip.subarray(8, 24));
    const dst = version === 4 ? v4Text(ip.subarray(16, 20)) : v6Text(ip.subarray(24, 40));
    const ipLength = version === 4 ? ipView.getUint16(2) : ipView.getUint16(4) + 40;
    const l4 = ip.subarray(headerLength);
    const l4View = new DataView(l4.buffer, l4.byteOffset, l4.byteLength);
    const isTcp = proto === 6;
    const l4HeaderLength = isTcp ? (l4[12]! >> 4) * 4 : 8;
    const l4Length = ipLength - headerLength;
    const pseudo = new Uint8Array(version === 4 ? 12 : 40);
    const addresses = version === 4 ? ip.subarray(12, 20) : ip.subarray(8, 40);
    pseudo.set(addresses);
    if (version === 4) {
      pseudo[9] = proto;
      new DataView(pseudo.buffer).setUint16(10, l4Length);
    } else {
      new DataView(pseudo.buffer).setUint32(32, l4Length);
      pseudo[39] = proto;
    }
    const checksumField = l4View.getUint16(isTcp ? 16 : 6);
    const checksumOk = (!isTcp && version === 4 && checksumField === 0) || internetChecksum([pseudo, l4]) === 0;
    packets.push({
      tsSec,
      tsUsec,
      capturedLength,
      wireLength,
      version,
      src,
      dst,
      proto,
      srcPort: l4View.getUint16(0),
      dstPort: l4View.getUint16(2),
      ipLength,
      ...(isTcp ? { seq: l4View.getUint32(4), ack: l4View.getUint32(8), flags: l4[13]! } : { udpLength: l4View.getUint16(4) }),
      payload: l4.subarray(l4HeaderLength),
      checksumOk,
      ipChecksumOk: version === 6 || internetChecksum([ip.subarray(0, 20)]) === 0,
    });
  }
  return { linkType, packets };
}

const T0 = Date.UTC(2026, 0, 2, 3, 4, 5) + 0.25; // a quarter of a millisecond: 250 µs
const utf8 = (text: string) => new TextEncoder().encode(text);
const frame = (seq: number, dir: 'rx' | 'tx', peer: Endpoint, bytes: Uint8Array, length?: number): TrafficFrame => ({
  seq,
  ts: T0 + seq * 1.5,
  dir,
  peer,
  bytes,
  ...(length === undefined ? {} : { length }),
});
const event = (seq: number, peer: Endpoint, e: SessionLogEvent): TrafficFrame => ({ seq, ts: T0 + seq * 1.5, dir: 'event', peer, bytes: encodeLogEvent(e) });

function pcapOf(frames: TrafficFrame[], session: PcapSession) {
  const log = new LogStore(10_000, () => undefined);
  log.ingest(frames, { frames: 3, bytes: 30 });
  return parsePcap(concat(encodePcap(viewRows(log), session)));
}

const usOf = (seq: number) => Math.round((T0 + seq * 1.5) * 1000);

describe('pcap export', () => {
  it('writes UDP rows as IPv4 packets with real addresses, ports, payloads and µs time stamps', () => {
    const peer: Endpoint = { address: '192.168.1.20', port: 5000, family: 'IPv4' };
    const { linkType, packets } = pcapOf([frame(1, 'rx', peer, utf8('hello')), frame(2, 'tx', peer, utf8('world!'))], {
      protocol: 'udp',
      local: { address: '192.168.1.10', port: 8080 },
    });
    expect(linkType).toBe(LINKTYPE_RAW);
    expect(packets).toHaveLength(2); // the gap marker writes nothing
    const [rx, tx] = packets;
    expect(rx).toMatchObject({ version: 4, proto: 17, src: '192.168.1.20', srcPort: 5000, dst: '192.168.1.10', dstPort: 8080, udpLength: 13, ipLength: 33, wireLength: 33 });
    expect(tx).toMatchObject({ src: '192.168.1.10', srcPort: 8080, dst: '192.168.1.20', dstPort: 5000, udpLength: 14 });
    expect(new TextDecoder().decode(rx!.payload)).toBe('hello');
    expect(new TextDecoder().decode(tx!.payload)).toBe('world!');
    for (const [p, seq] of [[rx!, 1], [tx!, 2]] as const) {
      expect(p.tsSec * 1_000_000 + p.tsUsec).toBe(usOf(seq));
      expect(p.checksumOk && p.ipChecksumOk).toBe(true);
    }
  });

  it('computes the UDP checksum over IPv6 (it is mandatory there) and shows a socket on :: with a loopback peer on ::1', () => {
    const peer: Endpoint = { address: '::1', port: 40000, family: 'IPv6' };
    const { packets } = pcapOf([frame(1, 'rx', peer, utf8('v6'))], { protocol: 'udp', local: { address: '::', port: 9 } });
    expect(packets[0]).toMatchObject({ version: 6, src: '0:0:0:0:0:0:0:1', dst: '0:0:0:0:0:0:0:1', srcPort: 40000, dstPort: 9, udpLength: 10, checksumOk: true });
    const udpChecksum = new DataView(packets[0]!.payload.buffer, packets[0]!.payload.byteOffset - 2).getUint16(0);
    expect(udpChecksum).not.toBe(0);
  });

  it('keeps a dual-stack socket’s IPv4-mapped peer in IPv6 and puts an IPv4 peer of a :: socket in IPv4', () => {
    const mapped: Endpoint = { address: '::ffff:10.0.0.7', port: 1234, family: 'IPv6' };
    const plain: Endpoint = { address: '10.0.0.8', port: 1235, family: 'IPv4' };
    const { packets } = pcapOf([frame(1, 'rx', mapped, utf8('a')), frame(2, 'rx', plain, utf8('b'))], { protocol: 'udp', local: { address: '::', port: 7 } });
    expect(packets[0]).toMatchObject({ version: 6, src: '0:0:0:0:0:ffff:a00:7', dst: '0:0:0:0:0:0:0:0' });
    expect(packets[1]).toMatchObject({ version: 4, src: '10.0.0.8', dst: '0.0.0.0', dstPort: 7 });
  });

  it('writes a TCP server’s clients as streams: handshake, data with seq/ack following the bytes each way, FIN and RST', () => {
    const a: Endpoint = { address: '127.0.0.1', port: 50001, family: 'IPv4' };
    const b: Endpoint = { address: '127.0.0.1', port: 50002, family: 'IPv4' };
    const { packets } = pcapOf(
      [
        event(1, a, { type: 'client-connected' }),
        frame(2, 'rx', a, utf8('AT\r\n')),
        event(3, b, { type: 'client-connected' }),
        frame(4, 'tx', a, utf8('OK\r\n')),
        frame(5, 'rx', b, utf8('ping')),
        frame(6, 'rx', a, utf8('AT+GMR\r\n')),
        event(7, a, { type: 'client-disconnected', reason: 'peer-closed' }),
        event(8, b, { type: 'client-disconnected', reason: 'reset' }),
      ],
      { protocol: 'tcp-server', local: { address: '0.0.0.0', port: 9000 } },
    );
    const summary = packets.map((p) => `${p.srcPort}>${p.dstPort} ${flagNames(p.flags!)} ${p.seq}/${p.ack} ${new TextDecoder().decode(p.payload)}`);
    expect(summary).toEqual([
      '50001>9000 SYN 2000000/0 ',
      '9000>50001 SYN,ACK 1000000/2000001 ',
      '50001>9000 ACK 2000001/1000001 ',
      '50001>9000 PSH,ACK 2000001/1000001 AT\r\n',
      '50002>9000 SYN 2000000/0 ',
      '9000>50002 SYN,ACK 1000000/2000001 ',
      '50002>9000 ACK 2000001/1000001 ',
      '9000>50001 PSH,ACK 1000001/2000005 OK\r\n',
      '50002>9000 PSH,ACK 2000001/1000001 ping',
      '50001>9000 PSH,ACK 2000005/1000005 AT+GMR\r\n',
      '50001>9000 FIN,ACK 2000013/1000005 ',
      '9000>50001 FIN,ACK 1000005/2000014 ',
      '50001>9000 ACK 2000014/1000006 ',
      '50002>9000 RST,ACK 2000005/1000001 ',
    ]);
    for (const p of packets) {
      expect(p).toMatchObject({ version: 4, proto: 6, checksumOk: true, ipChecksumOk: true });
      // 0.0.0.0 with a loopback peer is shown as 127.0.0.1.
      expect([p.src, p.dst]).toEqual(['127.0.0.1', '127.0.0.1']);
      expect(p.capturedLength).toBe(p.wireLength);
    }
    expect(packets[3]!.tsSec * 1_000_000 + packets[3]!.tsUsec).toBe(usOf(2));
    expect(packets[12]!.tsSec * 1_000_000 + packets[12]!.tsUsec).toBe(usOf(7));
  });

  it('starts a TCP client’s stream from the local side, and a stream seen mid-way without a handshake', () => {
    const server: Endpoint = { address: '2001:db8::5', port: 502, family: 'IPv6' };
    const { packets } = pcapOf([frame(1, 'tx', server, utf8('x')), event(2, server, { type: 'disconnected', reason: 'user' }), event(3, server, { type: 'connected' })], {
      protocol: 'tcp-client',
      local: { address: '2001:db8::9', port: 41000 },
    });
    expect(packets.map((p) => `${p.src} ${p.srcPort}>${p.dstPort} ${flagNames(p.flags!)} ${p.seq}/${p.ack}`)).toEqual([
      '2001:db8:0:0:0:0:0:9 41000>502 PSH,ACK 1000001/2000001',
      '2001:db8:0:0:0:0:0:9 41000>502 FIN,ACK 1000002/2000001',
      '2001:db8:0:0:0:0:0:5 502>41000 FIN,ACK 2000001/1000003',
      '2001:db8:0:0:0:0:0:9 41000>502 ACK 1000003/2000002',
      '2001:db8:0:0:0:0:0:9 41000>502 SYN 1000000/0',
      '2001:db8:0:0:0:0:0:5 502>41000 SYN,ACK 2000000/1000001',
      '2001:db8:0:0:0:0:0:9 41000>502 ACK 1000001/2000001',
    ]);
    expect(packets.every((p) => p.checksumOk)).toBe(true);
  });

  it('writes what the log kept of a long TCP read and still counts every byte in the sequence numbers', () => {
    const peer: Endpoint = { address: '10.1.1.1', port: 7000, family: 'IPv4' };
    const kept = new Uint8Array(MAX_ROW_BYTES).map((_, i) => i & 0xff);
    const { packets } = pcapOf([frame(1, 'rx', peer, kept, 200_000), frame(2, 'rx', peer, utf8('next'))], { protocol: 'tcp-client', local: { address: '10.1.1.2', port: 6000 } });
    // 64 KiB do not fit one IPv4 packet: two segments, then the next read starts 200 000 bytes after the first.
    expect(packets.map((p) => [p.seq, p.payload.length])).toEqual([
      [2_000_001, MAX_TCP_SEGMENT],
      [2_000_001 + MAX_TCP_SEGMENT, MAX_ROW_BYTES - MAX_TCP_SEGMENT],
      [2_200_001, 4],
    ]);
    expect(concat(packets.slice(0, 2).map((p) => p.payload))).toEqual(kept);
  });
});

function flagNames(flags: number): string {
  const names: Array<[number, string]> = [
    [TCP_SYN, 'SYN'],
    [TCP_FIN, 'FIN'],
    [TCP_RST, 'RST'],
    [TCP_PSH, 'PSH'],
    [TCP_ACK, 'ACK'],
  ];
  return names
    .filter(([bit]) => flags & bit)
    .map(([, name]) => name)
    .join(',');
}
