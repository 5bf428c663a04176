import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { fail, familyOf, ok, type AddressFamily, type Endpoint, type FrameMark, type MulticastMembership, type Result, type SessionSnapshot, type UdpConfig, type UdpSocketOptions } from '@shared';
import { sendErrorFromNode } from './errors-from-node';
import { asBuffer, frameBytes } from './frame-bytes';
import { resolveHost, unmapIPv4, type FamilyWanted } from './resolve-host';
import type { OpenedSession, SendArgs, SessionContext } from './session';
import { SessionBase } from './session-base';
import { UdpAddressing } from './udp-addressing';
import { applyReceiveBuffer } from './udp-receive-buffer';

/**
 * Largest UDP payloads: 65 535 (IP total length field) − 20 (IPv4 header) − 8 (UDP header) for IPv4;
 * 65 535 (IPv6 payload length field) − 8 (UDP header) for IPv6 without jumbograms (RFC 2675 is not used).
 */
export const MAX_UDP_PAYLOAD_IPV4 = 65_507;
export const MAX_UDP_PAYLOAD_IPV6 = 65_527;

/** A UDP socket bound to a local address; sends anywhere, receives from anyone, logs the peer of every frame. */
export class UdpSession extends SessionBase {
  readonly kind = 'udp';
  private socket: Socket | undefined;
  /** Bound to "::": also talks IPv4, through IPv4-mapped addresses (::ffff:a.b.c.d). */
  private isDualStack = false;
  /** 广播 / 组播 of the bound socket; undefined until bound. */
  private addressing: UdpAddressing | undefined;

  constructor(
    ctx: SessionContext,
    protected readonly config: UdpConfig,
  ) {
    super(ctx);
  }

  async open(): Promise<Result<OpenedSession>> {
    this.emitOpening();
    const bind = await resolveHost(this.config.localAddress, 0);
    if (!bind.ok) return this.failOpen('error', bind.error);
    if (this.wasCloseRequested) return this.closedWhileOpening();
    const type = bind.value.family === 'IPv6' ? 'udp6' : 'udp4';
    const socket = createSocket({ type, ipv6Only: false });
    this.socket = socket;
    const bound = await this.bindUdp(socket, bind.value.address, this.config.localPort);
    if (!bound.ok) {
      if (this.wasCloseRequested) return bound;
      await this.release();
      return this.failOpen('error', bound.error);
    }
    if (this.wasCloseRequested) return this.closedWhileOpening();
    const peers = new PeerCache();
    socket.on('message', (message: Buffer, rinfo: RemoteInfo) => this.recordRx(peers.of(rinfo), message));
    const address = socket.address();
    const family = familyOf(address.address);
    this.isDualStack = family === 'IPv6' && address.address === '::';
    // 广播 / 组播 of the config, before the session counts as open: a group that cannot be joined fails the open.
    this.addressing = new UdpAddressing(socket, { family, address: address.address, isDualStack: this.isDualStack });
    const addressed = this.addressing.applyConfig(this.config);
    if (!addressed.ok) {
      await this.release();
      return this.failOpen('error', addressed.error);
    }
    // 接收缓冲区 (issue 11): asked for once bound; what the OS granted is said in the log once open.
    const buffer = this.config.recvBufferSize === undefined ? undefined : applyReceiveBuffer(socket, this.config.recvBufferSize);
    if (buffer && !buffer.ok) {
      await this.release();
      return this.failOpen('error', buffer.error);
    }
    const opened = this.markOpen({ address: address.address, port: address.port, family });
    if (buffer) this.logEvent({ type: 'receive-buffer', ...buffer.value });
    this.watchKernelDrops(socket, type);
    return ok(opened);
  }

  override setUdpOptions(options: UdpSocketOptions): Result<null> {
    return this.state === 'open' && this.addressing ? this.addressing.set(options) : this.notOpen();
  }

  override joinMulticast(membership: MulticastMembership): Result<null> {
    return this.state === 'open' && this.addressing ? this.addressing.join(membership) : this.notOpen();
  }

  override leaveMulticast(membership: MulticastMembership): Result<null> {
    return this.state === 'open' && this.addressing ? this.addressing.leave(membership) : this.notOpen();
  }

  /** The config as opened, with the 广播 / 组播 in force now: a page that attaches shows what the socket does. */
  override snapshot(): SessionSnapshot {
    const snapshot = super.snapshot();
    if (!this.addressing) return snapshot;
    // The groups are the ones joined now (none left: none listed), not the ones it opened with.
    const { multicastGroups: _joinedAtOpen, ...config } = this.config;
    return { ...snapshot, config: { ...config, ...this.addressing.state() } };
  }

  async send(args: SendArgs, mark?: FrameMark): Promise<Result<{ bytesSent: number }>> {
    if (this.state !== 'open' || !this.socket) return this.notOpen();
    if (!args.to) return fail('INVALID_ARGUMENT', 'A UDP send needs a target host and port', { field: 'to' });
    const size = args.bytes.length;
    // Refuse before DNS where the socket alone fixes the target's family (and so the limit the user must hear).
    const socketFamily = this.familyOfSocket();
    if (socketFamily !== undefined && size > maxUdpPayload(socketFamily)) return udpDatagramTooLarge(size, socketFamily);
    const target = await resolveHost(args.to.host, this.familyWanted());
    if (!target.ok) return target;
    const peerAddress = unmapIPv4(target.value.address);
    const peer: Endpoint = { address: peerAddress, port: args.to.port, family: familyOf(peerAddress) };
    if (size > maxUdpPayload(peer.family)) return udpDatagramTooLarge(size, peer.family);
    const socket = this.socket;
    if (this.state !== 'open') return this.notOpen();
    const wireAddress = this.isDualStack && peer.family === 'IPv4' ? `::ffff:${peer.address}` : target.value.address;
    return this.inflight.track((settle) => {
      socket.send(asBuffer(args.bytes), args.to!.port, wireAddress, (error) => {
        if (error) {
          settle({ ok: false, error: sendErrorFromNode(error, args.to!.host, args.to!.port, this.addressing?.isBroadcast ?? false) });
          return;
        }
        this.recordTx(peer, frameBytes(args.bytes), mark);
        settle(ok({ bytesSent: size }));
      });
    });
  }

  protected async release(): Promise<void> {
    const socket = this.socket;
    if (!socket) return;
    await this.stopWatchingKernelDrops();
    return new Promise((resolve) => {
      try {
        socket.close(() => resolve());
      } catch {
        // ERR_SOCKET_DGRAM_NOT_RUNNING: never bound or already closed, so there is nothing to release.
        resolve();
      }
    });
  }

  /** The IP version of every target of this socket; undefined on a dual-stack socket (the target decides). */
  private familyOfSocket(): AddressFamily | undefined {
    if (this.isDualStack) return undefined;
    return this.local?.family === 'IPv4' ? 'IPv4' : 'IPv6';
  }

  /** Which addresses this socket can reach: an IPv4 socket only IPv4; a dual-stack one both; else IPv6. */
  private familyWanted(): FamilyWanted {
    const family = this.local?.family;
    if (family === 'IPv4') return 4;
    return this.isDualStack ? 0 : 6;
  }
}

/**
 * The Endpoint of a datagram's sender. A flood comes from one peer at a time, so the last sender's Endpoint is
 * reused while it repeats: no regex and no object per datagram, and the batch encoder sees the same object and
 * skips its peer lookup.
 */
class PeerCache {
  private lastAddress = '';
  private lastPort = -1;
  private last: Endpoint | undefined;

  of(rinfo: RemoteInfo): Endpoint {
    if (this.last && rinfo.port === this.lastPort && rinfo.address === this.lastAddress) return this.last;
    const address = unmapIPv4(rinfo.address);
    this.lastAddress = rinfo.address;
    this.lastPort = rinfo.port;
    this.last = { address, port: rinfo.port, family: familyOf(address) };
    return this.last;
  }
}

export function maxUdpPayload(family: AddressFamily): number {
  return family === 'IPv4' ? MAX_UDP_PAYLOAD_IPV4 : MAX_UDP_PAYLOAD_IPV6;
}

/**
 * A datagram over the limit of the IP version that would carry it. Refused before the kernel sees it (which would
 * answer EMSGSIZE): nothing is counted, the socket stays open. `reason` and `family` let the page say which limit.
 */
export function udpDatagramTooLarge<T>(size: number, family: AddressFamily): Result<T> {
  const max = maxUdpPayload(family);
  return fail('TOO_LARGE', `A UDP datagram carries at most ${max} bytes`, { size, max, family, reason: 'udpDatagram' });
}
