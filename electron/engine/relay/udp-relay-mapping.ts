import { createSocket, type Socket } from 'node:dgram';
import { familyOf, formatEndpoint, type Endpoint, type RelayLogEvent, type RelayPairEnd, type RelayPairInfo } from '@shared';
import { asBuffer } from '../frame-bytes';
import { unmapIPv4, type ResolvedAddress } from '../resolve-host';
import type { RelayPair } from './relay-session';

/** Datagrams a mapping keeps while its upstream socket is still connecting (about one turn of the event loop). */
const MAX_EARLY_DATAGRAMS = 64;

export interface UdpMappingHooks {
  /** The server's address (the first the remote host resolved to) and port; `label` names it in rows. */
  readonly server: ResolvedAddress;
  readonly serverPort: number;
  readonly serverLabel: string;
  readonly idleTimeoutMs: number;
  /** A client datagram handed to the upstream socket: counted (rx), captured and logged with the leg's mark. */
  readonly forwardedToServer: (mapping: UdpRelayMapping, datagram: Buffer) => void;
  /** A datagram from the server arrived on this mapping's upstream socket (the session forwards it or holds it). */
  readonly fromServer: (mapping: UdpRelayMapping, datagram: Buffer) => void;
  readonly logRow: (mapping: UdpRelayMapping, event: RelayLogEvent) => void;
  readonly changed: () => void;
  /** Nothing either way for the idle time-out: the session closes the mapping. */
  readonly idle: (mapping: UdpRelayMapping) => void;
}

/**
 * One client peer of a UDP relay and its own upstream socket, connected to the server: the server sees each client
 * as a different source port, and its replies come back on that socket, so they go to the right client. Closed
 * after `idleTimeoutMs` without a datagram either way (held datagrams of a paused relay keep it alive).
 */
export class UdpRelayMapping implements RelayPair {
  readonly key: string;
  readonly connectedAt = Date.now();
  lastActivityAt = this.connectedAt;
  clientToServer = 0;
  serverToClient = 0;
  /** Datagrams of this mapping in the paused relay's queue. */
  held = 0;
  private readonly upstream: Socket;
  private upstreamLocal: Endpoint | undefined;
  private isReady = false;
  private early: Buffer[] = [];
  private earlyDropped = 0;
  private isClosedFlag = false;
  /** The server answered ICMP port unreachable and the row said so; a reply clears it. */
  private isRefusalLogged = false;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly client: Endpoint,
    /** The client's address as the listener saw it (IPv4-mapped on a dual-stack socket): where replies are sent. */
    readonly wireAddress: string,
    private readonly hooks: UdpMappingHooks,
  ) {
    this.key = formatEndpoint(client);
    hooks.logRow(this, { type: 'relay-pair-opened', transport: 'udp', server: hooks.serverLabel });
    const socket = createSocket({ type: hooks.server.family === 'IPv6' ? 'udp6' : 'udp4' });
    this.upstream = socket;
    socket.on('error', (error: NodeJS.ErrnoException) => this.upstreamError(error));
    socket.on('message', (datagram: Buffer) => {
      if (this.isClosedFlag) return;
      this.touch();
      this.isRefusalLogged = false;
      hooks.fromServer(this, datagram);
    });
    // Connected: only the server's datagrams reach this socket, and an ICMP port unreachable comes back as an error.
    socket.connect(hooks.serverPort, hooks.server.address, () => this.ready());
    this.armIdle(hooks.idleTimeoutMs);
  }

  get isClosed(): boolean {
    return this.isClosedFlag;
  }

  info(): RelayPairInfo {
    const state = this.isReady ? 'open' : 'connecting';
    // Literals, not a conditional spread: this runs per mapping for every pair list (RelaySession.clientList).
    return this.upstreamLocal ? { state, upstream: this.upstreamLocal } : { state };
  }

  /** A datagram of this mapping arrived (either way, also while paused). */
  touch(): void {
    this.lastActivityAt = Date.now();
  }

  /** Forwards a client's datagram (or one held while paused) to the server. */
  toServer(datagram: Buffer): void {
    if (this.isClosedFlag) return;
    if (!this.isReady) {
      if (this.early.length < MAX_EARLY_DATAGRAMS) this.early.push(datagram);
      else this.earlyDropped += 1;
      return;
    }
    this.clientToServer += datagram.length;
    this.hooks.forwardedToServer(this, datagram);
    this.upstream.send(datagram, (error) => {
      if (error) this.upstreamError(error);
    });
  }

  /** Injected bytes toward the server; `onSent` counts and logs them once the socket took them. */
  inject(bytes: Uint8Array, onSent: (error: Error | null) => void): void {
    this.upstream.send(asBuffer(bytes), (error) => {
      if (!error) this.clientToServer += bytes.length;
      onSent(error);
    });
  }

  close(reason: RelayPairEnd): void {
    if (this.isClosedFlag) return;
    this.isClosedFlag = true;
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
    try {
      this.upstream.close();
    } catch {
      // ERR_SOCKET_DGRAM_NOT_RUNNING: already gone.
    }
    const idle = reason === 'idle' ? { idleMs: this.hooks.idleTimeoutMs } : {};
    this.hooks.logRow(this, { type: 'relay-pair-closed', reason, clientToServer: this.clientToServer, serverToClient: this.serverToClient, ...idle });
  }

  private ready(): void {
    if (this.isClosedFlag) return;
    this.isReady = true;
    const address = this.upstream.address();
    const plain = unmapIPv4(address.address);
    this.upstreamLocal = { address: plain, port: address.port, family: familyOf(plain) };
    this.hooks.logRow(this, {
      type: 'relay-upstream-connected',
      transport: 'udp',
      via: formatEndpoint(this.upstreamLocal),
      ...(this.earlyDropped > 0 ? { dropped: this.earlyDropped } : {}),
    });
    const early = this.early;
    this.early = [];
    for (const datagram of early) this.toServer(datagram);
    this.hooks.changed();
  }

  private upstreamError(error: NodeJS.ErrnoException): void {
    if (this.isClosedFlag) return;
    const refused = error.code === 'ECONNREFUSED';
    if (refused && this.isRefusalLogged) return;
    this.isRefusalLogged = refused;
    this.hooks.logRow(this, {
      type: 'relay-upstream-failed',
      transport: 'udp',
      reason: refused ? 'refused' : error.code === 'EHOSTUNREACH' || error.code === 'ENETUNREACH' ? 'unreachable' : 'error',
      server: this.hooks.serverLabel,
      heldBytes: 0,
      ...(!refused && error.code ? { code: error.code } : {}),
    });
  }

  private armIdle(delayMs: number): void {
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      if (this.isClosedFlag) return;
      const quietFor = Date.now() - this.lastActivityAt;
      // Datagrams held for it (forwarding paused) are activity that has not been forwarded yet.
      if (this.held === 0 && quietFor >= this.hooks.idleTimeoutMs) this.hooks.idle(this);
      else this.armIdle(this.held > 0 ? this.hooks.idleTimeoutMs : this.hooks.idleTimeoutMs - quietFor);
    }, delayMs);
  }
}
