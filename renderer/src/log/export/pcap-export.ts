import type { Endpoint } from '@shared/contract/endpoint';
import type { Protocol } from '@shared/contract/session';
import type { SessionLogEvent } from '@shared/traffic/log-event';
import type { EventEntry, FrameEntry } from '../log-entry';
import { ChunkBuffer } from './chunk-buffer';
import type { ExportRow } from './export-rows';
import { isLoopback, isUnspecified, mapIPv4, parseIp, unmapIPv4, type IpBytes } from './ip-address';
import { buildPacket, MAX_TCP_SEGMENT, TCP_ACK, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN, type Packet } from './ip-packet';

/** pcap link type: raw IP, the version nibble says IPv4 or IPv6 (no Ethernet header to invent). */
export const LINKTYPE_RAW = 101;
const PCAP_MAGIC_US = 0xa1b2c3d4;
const SNAPLEN = 0x40000;

/** Initial sequence numbers of the synthesized TCP streams (any value works; Wireshark shows them relative). */
const LOCAL_ISN = 1_000_000;
const PEER_ISN = 2_000_000;

/** Whose side a TCP event is on. */
type Side = 'local' | 'peer';

export interface PcapSession {
  /** The tab's session protocol: UDP datagrams or TCP segments. */
  readonly protocol: Protocol;
  /** The session's own endpoint (the other side of every row); null when the tab has not opened one. */
  readonly local: Pick<Endpoint, 'address' | 'port'> | null;
  /** A relay's transport: its rows are the client-facing side (rx: client → relay, tx: relay → client). */
  readonly relayTransport?: 'tcp' | 'udp';
}

interface TcpStream {
  /** Next sequence number each side sends. */
  localSeq: number;
  peerSeq: number;
}

/**
 * pcap (microsecond time stamps, LINKTYPE_RAW) that Wireshark opens: every frame row becomes IPv4 / IPv6 packets
 * with real addresses and ports (rx: peer → local, tx: local → peer) and the row's time. TCP rows become segments
 * of one stream per peer, with sequence and acknowledgement numbers that follow the bytes each way, so "Follow TCP
 * stream" reads the conversation; connection event rows become the handshake (SYN, SYN-ACK, ACK) and the close
 * (FIN each way, or RST). A frame longer than the log kept is written up to what was kept and its sequence numbers
 * still count every byte, so Wireshark says "previous segment not captured" where bytes are missing. Gap markers
 * write nothing (there are no bytes to write); the counts in them are in the other exports.
 */
export function* encodePcap(rows: Iterable<ExportRow>, session: PcapSession): Generator<Uint8Array<ArrayBuffer>> {
  const out = new ChunkBuffer();
  out.writeBytes(globalHeader());
  const tcp = session.protocol === 'relay' ? session.relayTransport !== 'udp' : session.protocol !== 'udp';
  const streams = new Map<string, TcpStream>();
  let ipId = 0;
  const write = (ts: number, packet: Packet): void => {
    out.writeBytes(recordHeader(ts, packet.bytes.length, packet.wireLength));
    out.writeBytes(packet.bytes);
  };
  for (const { entry } of rows) {
    if (entry.kind === 'gap') continue;
    const ends = endpoints(entry.peer, session.local);
    if (!ends) continue;
    if (entry.kind === 'event') {
      if (tcp) for (const packet of tcpEventPackets(entry, ends, streams)) write(entry.ts, packet);
      continue;
    }
    // A relay's rows are its client-facing side; bytes injected toward the server never crossed it.
    if (entry.mark === 'relay:inject-to-server') continue;
    const fromLocal = entry.dir === 'tx';
    const src = fromLocal ? ends.local : ends.peer;
    const dst = fromLocal ? ends.peer : ends.local;
    if (!tcp) {
      write(entry.ts, buildPacket({ ...addresses(src, dst), payload: entry.bytes, wireLength: entry.length, id: ipId++ }));
    } else {
      for (const packet of tcpDataPackets(entry, ends, streamOf(streams, ends), fromLocal, () => ipId++)) write(entry.ts, packet);
    }
    if (out.hasFull) yield* out.take();
  }
  yield* out.end();
}

interface Ends {
  readonly key: string;
  readonly local: { readonly ip: IpBytes; readonly port: number };
  readonly peer: { readonly ip: IpBytes; readonly port: number };
}

const addresses = (src: Ends['local'], dst: Ends['local']) => ({ src: src.ip, dst: dst.ip, srcPort: src.port, dstPort: dst.port });

/**
 * Both ends of a row in one address family. The local side is the session's endpoint; a socket bound to all
 * interfaces (0.0.0.0, ::) talking to a loopback peer is shown on that loopback address, otherwise as bound. A
 * dual-stack socket's IPv4-mapped peer stays IPv6, and the local side follows the peer's family.
 */
function endpoints(peer: Pick<Endpoint, 'address' | 'port'>, local: PcapSession['local']): Ends | undefined {
  const peerIp = parseIp(peer.address);
  if (!peerIp) return undefined;
  let localIp = (local && parseIp(local.address)) ?? new Uint8Array(peerIp.length);
  if (localIp.length !== peerIp.length) {
    const v4 = localIp.length === 16 ? unmapIPv4(localIp) : undefined;
    localIp = peerIp.length === 4 ? (v4 ?? new Uint8Array(4)) : isUnspecified(localIp) ? new Uint8Array(16) : mapIPv4(localIp);
  }
  if (isUnspecified(localIp) && isLoopback(peerIp)) localIp = loopbackLike(peerIp);
  return { key: `${peer.address}|${peer.port}`, local: { ip: localIp, port: local?.port ?? 0 }, peer: { ip: peerIp, port: peer.port } };
}

function loopbackLike(peer: IpBytes): IpBytes {
  if (peer.length === 4) return Uint8Array.of(127, 0, 0, 1);
  if (unmapIPv4(peer)) return mapIPv4(Uint8Array.of(127, 0, 0, 1));
  const out = new Uint8Array(16);
  out[15] = 1;
  return out;
}

/** The stream of a peer, started (without a handshake) if its first row is data: a log that began mid-connection. */
function streamOf(streams: Map<string, TcpStream>, ends: Ends): TcpStream {
  let stream = streams.get(ends.key);
  if (!stream) {
    stream = { localSeq: LOCAL_ISN + 1, peerSeq: PEER_ISN + 1 };
    streams.set(ends.key, stream);
  }
  return stream;
}

function* tcpDataPackets(entry: FrameEntry, ends: Ends, stream: TcpStream, fromLocal: boolean, nextId: () => number): Generator<Packet> {
  const src = fromLocal ? ends.local : ends.peer;
  const dst = fromLocal ? ends.peer : ends.local;
  let seq = fromLocal ? stream.localSeq : stream.peerSeq;
  const ack = fromLocal ? stream.peerSeq : stream.localSeq;
  // A read longer than one IPv4 packet can carry is cut into segments, all at the row's time.
  for (let at = 0; at < entry.bytes.length; at += MAX_TCP_SEGMENT) {
    const payload = entry.bytes.subarray(at, at + MAX_TCP_SEGMENT);
    yield buildPacket({ ...addresses(src, dst), tcp: { seq, ack, flags: TCP_PSH | TCP_ACK }, payload, id: nextId() });
    seq = (seq + payload.length) >>> 0;
  }
  // Bytes the log did not keep still took sequence numbers on the wire.
  seq = (seq + entry.length - entry.bytes.length) >>> 0;
  if (fromLocal) stream.localSeq = seq;
  else stream.peerSeq = seq;
}

/** Who opened the connection of a connect event, and who closed it (or reset it) for a disconnect event. */
function eventSides(event: SessionLogEvent): { readonly open?: Side; readonly close?: Side; readonly reset?: Side } | undefined {
  switch (event.type) {
    case 'client-connected':
      return { open: 'peer' };
    case 'connected':
      return { open: 'local' };
    case 'client-disconnected':
      if (event.reason === 'peer-closed') return { close: 'peer' };
      if (event.reason === 'kicked' || event.reason === 'server-closed') return { close: 'local' };
      return { reset: 'peer' };
    case 'disconnected':
      if (event.reason === 'user') return { close: 'local' };
      if (event.reason === 'peer-closed') return { close: 'peer' };
      return { reset: 'peer' };
    case 'clients-refused':
      return undefined;
  }
}

function* tcpEventPackets(entry: EventEntry, ends: Ends, streams: Map<string, TcpStream>): Generator<Packet> {
  const sides = entry.event && eventSides(entry.event);
  if (!sides) return;
  const from = (side: Side) => (side === 'local' ? ends.local : ends.peer);
  const to = (side: Side) => (side === 'local' ? ends.peer : ends.local);
  const other = (side: Side): Side => (side === 'local' ? 'peer' : 'local');
  const segment = (side: Side, seq: number, ack: number, flags: number) =>
    buildPacket({ ...addresses(from(side), to(side)), tcp: { seq, ack, flags }, payload: new Uint8Array(0) });
  if (sides.open) {
    const isn = (side: Side) => (side === 'local' ? LOCAL_ISN : PEER_ISN);
    const opener = sides.open;
    yield segment(opener, isn(opener), 0, TCP_SYN);
    yield segment(other(opener), isn(other(opener)), isn(opener) + 1, TCP_SYN | TCP_ACK);
    yield segment(opener, isn(opener) + 1, isn(other(opener)) + 1, TCP_ACK);
    streams.set(ends.key, { localSeq: LOCAL_ISN + 1, peerSeq: PEER_ISN + 1 });
    return;
  }
  const stream = streams.get(ends.key);
  if (!stream) return; // nothing of this connection was exported: no close to show either
  const seqOf = (side: Side) => (side === 'local' ? stream.localSeq : stream.peerSeq);
  if (sides.reset) {
    yield segment(sides.reset, seqOf(sides.reset), seqOf(other(sides.reset)), TCP_RST | TCP_ACK);
  } else if (sides.close) {
    const closer = sides.close;
    const rest = other(closer);
    yield segment(closer, seqOf(closer), seqOf(rest), TCP_FIN | TCP_ACK);
    yield segment(rest, seqOf(rest), seqOf(closer) + 1, TCP_FIN | TCP_ACK);
    yield segment(closer, seqOf(closer) + 1, seqOf(rest) + 1, TCP_ACK);
  }
  streams.delete(ends.key);
}

function globalHeader(): Uint8Array {
  const bytes = new Uint8Array(24);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, PCAP_MAGIC_US, true);
  view.setUint16(4, 2, true);
  view.setUint16(6, 4, true);
  view.setUint32(16, SNAPLEN, true);
  view.setUint32(20, LINKTYPE_RAW, true);
  return bytes;
}

function recordHeader(ts: number, captured: number, wire: number): Uint8Array {
  const bytes = new Uint8Array(16);
  const view = new DataView(bytes.buffer);
  const micros = Math.round(ts * 1000);
  view.setUint32(0, Math.floor(micros / 1_000_000), true);
  view.setUint32(4, micros % 1_000_000, true);
  view.setUint32(8, captured, true);
  view.setUint32(12, wire, true);
  return bytes;
}
