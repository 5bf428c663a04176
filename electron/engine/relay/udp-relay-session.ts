import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { familyOf, ok, RELAY_LIMITS, relayMark, type Endpoint, type FrameMark, type RelaySide, type Result } from '@shared';
import { sendErrorFromNode } from '../errors-from-node';
import { asBuffer, frameBytes } from '../frame-bytes';
import { resolveHost, unmapIPv4 } from '../resolve-host';
import type { OpenedSession } from '../session';
import { Throttle } from '../throttle';
import { maxUdpPayload, udpDatagramTooLarge } from '../udp-session';
import { PauseQueue } from './pause-queue';
import { RelaySession } from './relay-session';
import { forwardsToItself, loopRefusal, resolveRelayTarget } from './relay-target';
import { UdpRelayMapping, type UdpMappingHooks } from './udp-relay-mapping';

const TO_SERVER: FrameMark = relayMark('client-to-server');
const TO_CLIENT: FrameMark = relayMark('server-to-client');
/** Datagrams of clients beyond the mapping cap are summed into one row at most this often (ms). */
const REFUSED_ROW_MS = 1_000;

/** A datagram held while forwarding is paused, with the way it was going. */
interface HeldDatagram {
  readonly mapping: UdpRelayMapping;
  readonly toward: RelaySide;
  readonly bytes: Buffer;
}

/**
 * A UDP relay: one listening socket for the clients, and a mapping per client peer (UdpRelayMapping) with its own
 * upstream socket, so replies find their way back. Paused, it holds datagrams both ways in one bounded queue, in
 * arrival order, and delivers them on resume; what did not fit is counted and said.
 */
export class UdpRelaySession extends RelaySession<UdpRelayMapping> {
  private listener: Socket | undefined;
  private readonly queue = new PauseQueue<HeldDatagram>(this.limits.pauseQueueDatagrams, this.limits.pauseQueueBytes);
  /** The queue-full row went out for this pause. */
  private isQueueFullLogged = false;
  private refusedSinceRow = 0;
  private readonly refusedRow = new Throttle(REFUSED_ROW_MS, () => this.logRefused());

  async open(): Promise<Result<OpenedSession>> {
    this.emitOpening();
    const target = await resolveRelayTarget(this.config);
    if (!target.ok) return this.failOpen('error', target.error);
    this.target = target.value;
    const bind = await resolveHost(this.config.localAddress, 0);
    if (!bind.ok) return this.failOpen('error', bind.error);
    if (this.wasCloseRequested) return this.closedWhileOpening();
    const type = bind.value.family === 'IPv6' ? 'udp6' : 'udp4';
    const socket = createSocket({ type, ipv6Only: false });
    this.listener = socket;
    const bound = await this.bindUdp(socket, bind.value.address, this.config.localPort);
    if (!bound.ok) {
      if (this.wasCloseRequested) return bound;
      await this.closeListener();
      return this.failOpen('error', bound.error);
    }
    if (this.wasCloseRequested) return this.closedWhileOpening();
    const address = socket.address();
    const local: Endpoint = { address: address.address, port: address.port, family: familyOf(address.address) };
    if (forwardsToItself(local, target.value)) {
      await this.closeListener();
      const refused = loopRefusal<OpenedSession>(local, target.value);
      return refused.ok ? refused : this.failOpen('error', refused.error);
    }
    socket.on('message', (datagram: Buffer, rinfo: RemoteInfo) => this.fromClient(datagram, rinfo));
    const opened = this.markOpen(local, target.value.endpoint);
    // The clients' datagrams the kernel drops before the relay reads them (issue 11), counted on the client leg.
    this.watchKernelDrops(socket, type);
    return ok(opened);
  }

  protected applyPause(paused: boolean): void {
    if (paused) {
      this.isQueueFullLogged = false;
      this.logRelayRow({ type: 'relay-paused', transport: 'udp', maxDatagrams: this.queue.maxItems, maxBytes: this.queue.maxBytes });
      return;
    }
    const { items, dropped, droppedBytes } = this.queue.drain();
    // Held datagrams of a mapping the user closed meanwhile have nowhere to go: dropped too, and said with the rest.
    let lost = 0;
    let lostBytes = 0;
    for (const item of items) {
      if (!item.mapping.isClosed) continue;
      lost += 1;
      lostBytes += item.bytes.length;
    }
    this.logRelayRow({ type: 'relay-resumed', transport: 'udp', delivered: items.length - lost, dropped: dropped + lost, droppedBytes: droppedBytes + lostBytes });
    for (const item of items) {
      item.mapping.held -= 1;
      if (item.mapping.isClosed) continue;
      if (item.toward === 'server') item.mapping.toServer(item.bytes);
      else this.toClient(item.mapping, item.bytes);
    }
    this.schedulePairsEvent();
  }

  protected canInject(mapping: UdpRelayMapping): boolean {
    return !mapping.isClosed;
  }

  protected inject(mapping: UdpRelayMapping, toward: RelaySide, bytes: Uint8Array, mark: FrameMark): Promise<Result<{ bytesSent: number }>> {
    const towardFamily = toward === 'server' ? this.target!.endpoint.family : mapping.client.family;
    if (bytes.length > maxUdpPayload(towardFamily)) return Promise.resolve(udpDatagramTooLarge(bytes.length, towardFamily));
    return this.inflight.track((settle) => {
      const sent = (error: Error | null): void => {
        if (error) {
          const about = toward === 'server' ? this.target!.endpoint : mapping.client;
          // A relay has no 广播 option to point at: an EACCES is said without it.
          settle({ ok: false, error: sendErrorFromNode(error, about.address, about.port, true) });
          return;
        }
        if (toward === 'client') mapping.serverToClient += bytes.length;
        mapping.touch();
        this.batcher.record(toward === 'server' ? 'rx' : 'tx', mapping.client, frameBytes(bytes), mark);
        settle(ok({ bytesSent: bytes.length }));
      };
      if (toward === 'server') mapping.inject(bytes, sent);
      else this.listener!.send(asBuffer(bytes), mapping.client.port, mapping.wireAddress, sent);
    });
  }

  protected closePair(mapping: UdpRelayMapping): void {
    this.endMapping(mapping, 'kicked');
  }

  protected async release(): Promise<void> {
    this.isReleasing = true;
    this.stopPairsEvents();
    this.refusedRow.cancel();
    const hadMappings = this.pairs.size > 0;
    for (const mapping of this.pairs.values()) mapping.close('relay-closed');
    this.pairs.clear();
    await this.stopWatchingKernelDrops();
    await this.closeListener();
    if (hadMappings) this.emitPairs();
  }

  private fromClient(datagram: Buffer, rinfo: RemoteInfo): void {
    if (this.state !== 'open' || this.isReleasing) return;
    const address = unmapIPv4(rinfo.address);
    const key = address.includes(':') ? `[${address}]:${rinfo.port}` : `${address}:${rinfo.port}`;
    const mapping = this.pairs.get(key) ?? this.openMapping({ address, port: rinfo.port, family: familyOf(address) }, rinfo.address);
    if (!mapping) return;
    mapping.touch();
    if (this.isPaused) this.hold({ mapping, toward: 'server', bytes: datagram });
    else mapping.toServer(datagram);
    this.schedulePairsEvent();
  }

  private fromServer(mapping: UdpRelayMapping, datagram: Buffer): void {
    if (this.isPaused) this.hold({ mapping, toward: 'client', bytes: datagram });
    else this.toClient(mapping, datagram);
    this.schedulePairsEvent();
  }

  private toClient(mapping: UdpRelayMapping, datagram: Buffer): void {
    const listener = this.listener;
    if (!listener || this.state !== 'open') return;
    mapping.serverToClient += datagram.length;
    this.batcher.record('tx', mapping.client, frameBytes(datagram), TO_CLIENT);
    listener.send(datagram, mapping.client.port, mapping.wireAddress, (error) => {
      if (error) this.ctx.emit('session.error', { sessionId: this.id, error: sendErrorFromNode(error, mapping.client.address, mapping.client.port, true) });
    });
  }

  private hold(item: HeldDatagram): void {
    if (this.queue.push(item)) {
      item.mapping.held += 1;
      return;
    }
    if (this.isQueueFullLogged) return;
    this.isQueueFullLogged = true;
    this.logRelayRow({ type: 'relay-queue-full', maxDatagrams: this.queue.maxItems, maxBytes: this.queue.maxBytes });
  }

  /** A new client peer: its mapping, or undefined (and a refused row, throttled) when the relay has its maximum. */
  private openMapping(client: Endpoint, wireAddress: string): UdpRelayMapping | undefined {
    if (this.pairs.size >= this.maxPairs) {
      this.refusedSinceRow += 1;
      this.refusedRow.request();
      return undefined;
    }
    const mapping = new UdpRelayMapping(client, wireAddress, this.mappingHooks());
    this.pairs.set(mapping.key, mapping);
    this.announcePairsChange();
    return mapping;
  }

  private mappingHooks(): UdpMappingHooks {
    const target = this.target!;
    return {
      server: target.addresses[0]!,
      serverPort: target.port,
      serverLabel: target.label,
      idleTimeoutMs: this.config.udpIdleTimeoutMs ?? RELAY_LIMITS.defaultUdpIdleTimeoutMs,
      forwardedToServer: (mapping, datagram) => this.recordRx(mapping.client, datagram, undefined, TO_SERVER),
      fromServer: (mapping, datagram) => this.fromServer(mapping, datagram),
      logRow: (mapping, event) => this.logRow(mapping.client, event),
      changed: () => this.announcePairsChange(),
      idle: (mapping) => this.endMapping(mapping, 'idle'),
    };
  }

  private endMapping(mapping: UdpRelayMapping, reason: 'kicked' | 'idle'): void {
    mapping.close(reason);
    if (this.pairs.get(mapping.key) === mapping) this.pairs.delete(mapping.key);
    if (this.state === 'open' && !this.isReleasing) this.announcePairsChange();
  }

  private logRefused(): void {
    if (this.refusedSinceRow === 0 || this.state !== 'open') return;
    const count = this.refusedSinceRow;
    this.refusedSinceRow = 0;
    this.logRelayRow({ type: 'relay-refused', transport: 'udp', count, limit: this.maxPairs });
  }

  private closeListener(): Promise<void> {
    const socket = this.listener;
    if (!socket) return Promise.resolve();
    return new Promise((resolve) => {
      try {
        socket.close(() => resolve());
      } catch {
        resolve();
      }
    });
  }
}
