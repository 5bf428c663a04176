import { Socket } from 'node:net';
import {
  familyOf,
  formatEndpoint,
  RELAY_LIMITS,
  type Endpoint,
  type RelayLogEvent,
  type RelayPairEnd,
  type RelayPairInfo,
  type RelaySide,
  type RelayUpstreamFailure,
} from '@shared';
import type { ResolvedAddress } from '../resolve-host';
import { unmapIPv4 } from '../resolve-host';
import { ReadGate, type ReadHold } from './read-gate';
import type { RelayPair } from './relay-session';
import type { RelayTarget } from './relay-target';

/** Errors after which the remote's next address is worth a try (the server may listen on the other family only). */
const RETRY_NEXT_ADDRESS = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

/** What a pair needs from its relay session. */
export interface TcpPairHooks {
  readonly target: RelayTarget;
  readonly connectTimeoutMs: number;
  /** Client → server bytes handed to the upstream socket: counted (rx), captured and logged with the leg's mark. */
  readonly forwardedToServer: (pair: TcpRelayPair, chunk: Buffer) => void;
  /** Server → client bytes handed to the client socket: counted (tx) and logged with the leg's mark. */
  readonly forwardedToClient: (pair: TcpRelayPair, chunk: Buffer) => void;
  /** A row about this pair (its peer is the pair's client). */
  readonly logRow: (pair: TcpRelayPair, event: RelayLogEvent) => void;
  /** The pair's state changed (upstream up, a side half-closed): the list goes out. */
  readonly changed: () => void;
  /** Bytes moved: the list's counts go out within its throttle. */
  readonly moved: () => void;
  /** Both sockets are gone and the pair's last row is logged. */
  readonly ended: (pair: TcpRelayPair) => void;
}

type ConnectOutcome = { readonly socket: Socket } | { readonly error: NodeJS.ErrnoException | undefined };

/**
 * One accepted client and the upstream connection made for it. Bytes go both ways as they come; each direction reads
 * only while the other side's socket takes them in (TCP back-pressure), and not at all while the user has paused
 * forwarding. Until the upstream is connected the client's bytes are held (up to maxHeldBytesBeforeConnect, then the
 * client is not read). Ends pass on as they came: a FIN as a FIN (the other side may still send: half-close), a RST
 * as a RST, a refused or failed upstream as a RST to the client. Every end is a row in the log saying which side
 * and how; the pair's last row gives its totals.
 */
export class TcpRelayPair implements RelayPair {
  readonly key: string;
  readonly connectedAt = Date.now();
  lastActivityAt = this.connectedAt;
  clientToServer = 0;
  serverToClient = 0;
  private phase: 'connecting' | 'open' | 'failed' = 'connecting';
  private readonly clientGate: ReadGate;
  private upstream: Socket | undefined;
  private upstreamGate: ReadGate | undefined;
  private upstreamLocal: Endpoint | undefined;
  /** "ip:port" of the server this pair's upstream reached. */
  private serverEndpoint: string;
  /** The connect attempt in flight, so a close can abort it. */
  private connecting: Socket | undefined;
  private isConnectTimedOut = false;
  private held: Buffer[] = [];
  private heldBytes = 0;
  /** A FIN came from that side (and was passed on to the other). */
  private clientEnded = false;
  private serverEnded = false;
  private isClientClosed = false;
  private isUpstreamClosed = false;
  /** Why the relay ended the pair itself (kick, relay closed, upstream failed); undefined while the peers decide. */
  private endReason: RelayPairEnd | undefined;
  /** A side failed (RST, error): the pair is ending, whatever the upstream connect still does. */
  private isFailing = false;
  private isFinished = false;
  private resolveFinished!: () => void;
  /** Resolves once both sockets are closed and the last row is logged. */
  readonly finished = new Promise<void>((resolve) => (this.resolveFinished = resolve));

  constructor(
    private readonly clientSocket: Socket,
    readonly client: Endpoint,
    private readonly hooks: TcpPairHooks,
    /** Holds in force on the relay now (paused by the user, capture behind): a new pair starts with them. */
    holds: readonly ReadHold[],
  ) {
    this.key = formatEndpoint(client);
    this.serverEndpoint = hooks.target.label;
    this.clientGate = new ReadGate(clientSocket);
    for (const hold of holds) this.clientGate.hold(hold);
    clientSocket.setNoDelay(true);
    clientSocket.on('data', (chunk: Buffer) => this.fromClient(chunk));
    clientSocket.on('end', () => this.clientFin());
    clientSocket.on('error', (error: NodeJS.ErrnoException) => this.sideFailed('client', error));
    clientSocket.on('close', () => {
      this.isClientClosed = true;
      // Closed without both FINs (a failure handled above, or the OS): the server side must not stay open alone.
      if (this.upstream && !this.upstream.destroyed && !(this.clientEnded && this.serverEnded)) this.upstream.destroy();
      this.connecting?.destroy();
      this.finishIfDone();
    });
    // First, before any of its bytes: the row that says the client came.
    hooks.logRow(this, { type: 'relay-pair-opened', transport: 'tcp', server: hooks.target.label });
    void this.connectUpstream(holds.includes('user'));
  }

  info(): RelayPairInfo {
    const state = this.phase !== 'open' ? 'connecting' : this.clientEnded || this.serverEnded ? 'half-closed' : 'open';
    // Literals, not a conditional spread: this runs per pair for every pair list (RelaySession.clientList).
    return this.upstreamLocal ? { state, upstream: this.upstreamLocal } : { state };
  }

  /** The user paused or resumed forwarding: both directions stop (or go on) reading. */
  setPaused(paused: boolean): void {
    this.clientGate.set('user', paused);
    this.upstreamGate?.set('user', paused);
  }

  /** The capture file is behind (or caught up): client → server bytes, which it records, wait (or flow). */
  setCaptureBehind(behind: boolean): void {
    this.clientGate.set('capture', behind);
  }

  /** The socket injected bytes toward `side` go to, when that side can take them now. */
  socketToward(side: RelaySide): Socket | undefined {
    const socket = side === 'server' ? (this.phase === 'open' ? this.upstream : undefined) : this.clientSocket;
    return socket && !socket.destroyed && !socket.writableEnded ? socket : undefined;
  }

  /** Injected bytes went out toward `side`: the pair's counts include them. */
  countInjected(side: RelaySide, bytes: number): void {
    if (side === 'server') this.clientToServer += bytes;
    else this.serverToClient += bytes;
    this.lastActivityAt = Date.now();
  }

  /** The user kicked the pair, or the relay is closing: both sides go (and a connect in flight stops). */
  close(reason: 'kicked' | 'relay-closed'): Promise<void> {
    this.endReason ??= reason;
    this.connecting?.destroy();
    this.upstream?.destroy();
    this.clientSocket.destroy();
    return this.finished;
  }

  private fromClient(chunk: Buffer): void {
    this.lastActivityAt = Date.now();
    if (this.phase === 'open') {
      this.toServer(chunk);
      return;
    }
    // Held until the upstream is connected; past the bound the client waits (it is not read) rather than lose bytes.
    this.held.push(chunk);
    this.heldBytes += chunk.length;
    if (this.heldBytes >= RELAY_LIMITS.maxHeldBytesBeforeConnect) this.clientGate.hold('held');
  }

  private toServer(chunk: Buffer): void {
    const upstream = this.upstream!;
    this.clientToServer += chunk.length;
    this.hooks.forwardedToServer(this, chunk);
    this.hooks.moved();
    passOn(upstream, chunk, this.clientGate);
  }

  private fromServer(chunk: Buffer): void {
    // The client is gone (the pair is closing): nothing can be delivered, so nothing is counted as forwarded.
    if (this.clientSocket.destroyed) return;
    this.lastActivityAt = Date.now();
    this.serverToClient += chunk.length;
    this.hooks.forwardedToClient(this, chunk);
    this.hooks.moved();
    passOn(this.clientSocket, chunk, this.upstreamGate!);
  }

  private clientFin(): void {
    this.clientEnded = true;
    if (this.endReason === undefined) this.hooks.logRow(this, { type: 'relay-side-closed', side: 'client', how: 'fin', endpoint: this.key });
    // Half-close passed on: the server hears the FIN and may still answer. Still connecting: after the held bytes.
    if (this.phase === 'open') this.upstream?.end();
    this.hooks.changed();
  }

  private serverFin(): void {
    this.serverEnded = true;
    if (this.endReason === undefined) this.hooks.logRow(this, { type: 'relay-side-closed', side: 'server', how: 'fin', endpoint: this.serverEndpoint });
    this.clientSocket.end();
    this.hooks.changed();
  }

  /** One side reset or failed: the other side is reset too (RST) or closed (another error); the row says which. */
  private sideFailed(side: 'client' | 'server', error: NodeJS.ErrnoException): void {
    if (this.isFailing) return;
    this.isFailing = true;
    const how = error.code === 'ECONNRESET' ? 'reset' : 'error';
    if (this.endReason === undefined) {
      const endpoint = side === 'client' ? this.key : this.serverEndpoint;
      this.hooks.logRow(this, { type: 'relay-side-closed', side, how, endpoint, ...(how === 'error' && error.code ? { code: error.code } : {}) });
    }
    const partner = side === 'client' ? this.upstream : this.clientSocket;
    if (side === 'client') this.connecting?.destroy();
    if (partner && !partner.destroyed) {
      if (how === 'reset') partner.resetAndDestroy();
      else partner.destroy();
    }
  }

  private async connectUpstream(startPaused: boolean): Promise<void> {
    const { target } = this.hooks;
    const timer = setTimeout(() => {
      this.isConnectTimedOut = true;
      this.connecting?.destroy();
    }, this.hooks.connectTimeoutMs);
    let lastError: NodeJS.ErrnoException | undefined;
    try {
      for (const address of target.addresses) {
        if (this.isEnding()) break;
        const outcome = await this.attempt(address);
        if ('socket' in outcome) {
          if (this.isEnding()) {
            outcome.socket.destroy();
            break;
          }
          this.adopt(outcome.socket, startPaused || this.clientGate.isHeld('user'));
          return;
        }
        lastError = outcome.error;
        if (this.isConnectTimedOut || !RETRY_NEXT_ADDRESS.has(lastError?.code ?? '')) break;
      }
    } finally {
      clearTimeout(timer);
    }
    if (this.isEnding()) {
      this.finishIfDone();
      return;
    }
    this.failUpstream(lastError);
  }

  /** The client left, failed or was kicked while the upstream was being made: stop making it. */
  private isEnding(): boolean {
    return this.endReason !== undefined || this.isFailing || this.isClientClosed;
  }

  private attempt(address: ResolvedAddress): Promise<ConnectOutcome> {
    const socket = new Socket({ allowHalfOpen: true });
    this.connecting = socket;
    return new Promise<ConnectOutcome>((resolve) => {
      const onError = (error: NodeJS.ErrnoException): void => {
        socket.destroy();
        resolve({ error });
      };
      // Destroyed by us (the time-out, a kick, the client gone) while connecting: no 'error' comes.
      const onClose = (): void => resolve({ error: undefined });
      socket.once('error', onError);
      socket.once('close', onClose);
      socket.once('connect', () => {
        socket.off('error', onError);
        socket.off('close', onClose);
        resolve({ socket });
      });
      socket.connect({ host: address.address, port: this.hooks.target.port, family: address.family === 'IPv6' ? 6 : 4 });
    }).finally(() => {
      if (this.connecting === socket) this.connecting = undefined;
    });
  }

  private adopt(socket: Socket, paused: boolean): void {
    this.upstream = socket;
    this.phase = 'open';
    socket.setNoDelay(true);
    this.upstreamLocal = endpointOf(socket.localAddress, socket.localPort);
    this.serverEndpoint = formatEndpoint(endpointOf(socket.remoteAddress, socket.remotePort));
    const gate = new ReadGate(socket);
    this.upstreamGate = gate;
    if (paused) gate.hold('user');
    socket.on('data', (chunk: Buffer) => this.fromServer(chunk));
    socket.on('end', () => this.serverFin());
    socket.on('error', (error: NodeJS.ErrnoException) => this.sideFailed('server', error));
    socket.on('close', () => {
      this.isUpstreamClosed = true;
      if (!this.clientSocket.destroyed && !(this.clientEnded && this.serverEnded)) this.clientSocket.destroy();
      this.finishIfDone();
    });
    this.hooks.logRow(this, { type: 'relay-upstream-connected', transport: 'tcp', via: formatEndpoint(this.upstreamLocal) });
    // What the client sent meanwhile goes first, in order, then its FIN if it sent one.
    const held = this.held;
    this.held = [];
    this.heldBytes = 0;
    for (const chunk of held) this.toServer(chunk);
    this.clientGate.release('held');
    if (this.clientEnded) socket.end();
    this.hooks.changed();
  }

  private failUpstream(error: NodeJS.ErrnoException | undefined): void {
    this.phase = 'failed';
    this.endReason = 'failed';
    const reason = failureOf(error, this.isConnectTimedOut);
    this.hooks.logRow(this, {
      type: 'relay-upstream-failed',
      transport: 'tcp',
      reason,
      server: this.hooks.target.label,
      heldBytes: this.heldBytes,
      ...(reason === 'error' && error?.code ? { code: error.code } : {}),
    });
    this.held = [];
    this.heldBytes = 0;
    // The client learns as it would without the relay: the connection is reset.
    if (!this.clientSocket.destroyed) this.clientSocket.resetAndDestroy();
    this.finishIfDone();
  }

  private finishIfDone(): void {
    if (this.isFinished || !this.isClientClosed || this.connecting !== undefined) return;
    if (this.upstream && !this.isUpstreamClosed) return;
    if (this.phase === 'connecting' && !this.isEnding()) return;
    this.isFinished = true;
    this.hooks.logRow(this, { type: 'relay-pair-closed', reason: this.endReason ?? 'done', clientToServer: this.clientToServer, serverToClient: this.serverToClient });
    this.hooks.ended(this);
    this.resolveFinished();
  }
}

/**
 * Write `chunk` to `to`; when its queue is over the high-water mark, stop reading the side it came from until `to`
 * drains: what a fast sender sends waits in the kernel (and then in the sender), never in the relay's memory.
 */
function passOn(to: Socket, chunk: Buffer, fromGate: ReadGate): void {
  if (to.write(chunk) || fromGate.isHeld('drain')) return;
  fromGate.hold('drain');
  const release = (): void => {
    to.off('drain', release);
    to.off('close', release);
    fromGate.release('drain');
  };
  to.on('drain', release);
  to.on('close', release);
}

function failureOf(error: NodeJS.ErrnoException | undefined, timedOut: boolean): RelayUpstreamFailure {
  if (timedOut || error?.code === 'ETIMEDOUT') return 'timeout';
  if (error?.code === 'ECONNREFUSED') return 'refused';
  if (error?.code === 'EHOSTUNREACH' || error?.code === 'ENETUNREACH') return 'unreachable';
  return 'error';
}

function endpointOf(address: string | undefined, port: number | undefined): Endpoint {
  const plain = unmapIPv4(address ?? '');
  return { address: plain, port: port ?? 0, family: familyOf(plain) };
}
