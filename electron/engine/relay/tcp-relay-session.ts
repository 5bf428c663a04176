import { createServer, type Server, type Socket } from 'node:net';
import {
  familyOf,
  ok,
  relayMark,
  type Endpoint,
  type FrameMark,
  type RelaySide,
  type Result,
  type SessionLogEvent,
} from '@shared';
import { ClientAdmission } from '../client-admission';
import { frameBytes } from '../frame-bytes';
import { resolveHost, unmapIPv4 } from '../resolve-host';
import type { OpenedSession } from '../session';
import { writeWithBackpressure } from '../tcp-write';
import type { ReadHold } from './read-gate';
import { RelaySession } from './relay-session';
import { forwardsToItself, loopRefusal, resolveRelayTarget } from './relay-target';
import { TcpRelayPair, type TcpPairHooks } from './tcp-relay-pair';

const TO_SERVER: FrameMark = relayMark('client-to-server');
const TO_CLIENT: FrameMark = relayMark('server-to-client');

/**
 * A TCP relay: a listener whose every accepted client gets its own upstream connection to the remote server
 * (TcpRelayPair). The client list shows each pair; kick closes one; the user's Close closes them all.
 */
export class TcpRelaySession extends RelaySession<TcpRelayPair> {
  private server: Server | undefined;
  private admission: ClientAdmission | undefined;
  private isCaptureBehind = false;

  async open(): Promise<Result<OpenedSession>> {
    this.emitOpening();
    const target = await resolveRelayTarget(this.config);
    if (!target.ok) return this.failOpen('error', target.error);
    this.target = target.value;
    const bind = await resolveHost(this.config.localAddress, 0);
    if (!bind.ok) return this.failOpen('error', bind.error);
    if (this.wasCloseRequested) return this.closedWhileOpening();
    // Half-open allowed: a client's FIN is passed on to the server, which may still answer through us.
    const server = createServer({ noDelay: true, allowHalfOpen: true });
    this.server = server;
    server.on('connection', (socket) => this.accept(socket));
    server.on('drop', () => this.admission?.onRefused());
    const listening = await this.listenTcp(server, bind.value.address, this.config.localPort);
    if (!listening.ok) return this.wasCloseRequested ? listening : this.failOpen('error', listening.error);
    if (this.wasCloseRequested) return this.closedWhileOpening();
    const address = server.address();
    if (address === null || typeof address === 'string') return this.failOpen('error', { code: 'INTERNAL', message: 'The listener has no address' });
    const local: Endpoint = { address: address.address, port: address.port, family: familyOf(address.address) };
    if (forwardsToItself(local, target.value)) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      const refused = loopRefusal<OpenedSession>(local, target.value);
      return refused.ok ? refused : this.failOpen('error', refused.error);
    }
    this.admission = new ClientAdmission(server, {
      maxClients: this.maxPairs,
      clientCount: () => this.pairs.size,
      // A pair holds two descriptors: its client and its upstream.
      descriptorsPerClient: 2,
      logRow: (event) => this.logAdmission(local, event),
    });
    this.admission.start();
    return ok(this.markOpen(local, target.value.endpoint));
  }

  protected applyPause(paused: boolean): void {
    for (const pair of this.pairs.values()) pair.setPaused(paused);
    this.logRelayRow(paused ? { type: 'relay-paused', transport: 'tcp' } : { type: 'relay-resumed', transport: 'tcp', delivered: 0, dropped: 0, droppedBytes: 0 });
  }

  protected canInject(pair: TcpRelayPair, toward: RelaySide): boolean {
    return pair.socketToward(toward) !== undefined;
  }

  protected inject(pair: TcpRelayPair, toward: RelaySide, bytes: Uint8Array, mark: FrameMark): Promise<Result<{ bytesSent: number }>> {
    const socket = pair.socketToward(toward)!;
    const peer = toward === 'server' ? (this.remote ?? pair.client) : pair.client;
    return writeWithBackpressure(socket, bytes, { maxQueuedBytes: this.ctx.maxQueuedWriteBytes, inflight: this.inflight, peer }, () => {
      pair.countInjected(toward, bytes.length);
      this.batcher.record(toward === 'server' ? 'rx' : 'tx', pair.client, frameBytes(bytes), mark);
    });
  }

  protected closePair(pair: TcpRelayPair): void {
    void pair.close('kicked');
  }

  /** Capture behind: client → server bytes (what it records) stop being read until it catches up. */
  protected override setReceivePaused(paused: boolean): void {
    this.isCaptureBehind = paused;
    for (const pair of this.pairs.values()) pair.setCaptureBehind(paused);
  }

  protected async release(): Promise<void> {
    this.isReleasing = true;
    this.stopPairsEvents();
    this.admission?.stop();
    const server = this.server;
    const hadPairs = this.pairs.size > 0;
    const pairsClosed = [...this.pairs.values()].map((pair) => pair.close('relay-closed'));
    const listenerClosed = new Promise<void>((resolve) => {
      if (!server?.listening) return resolve();
      server.close(() => resolve());
    });
    await Promise.all([...pairsClosed, listenerClosed]);
    this.pairs.clear();
    if (hadPairs) this.emitPairs();
  }

  private accept(socket: Socket): void {
    // Every socket needs an error listener: a client's RST must not crash the process.
    socket.on('error', () => undefined);
    if (this.state !== 'open' || this.isReleasing || socket.remoteAddress === undefined || socket.remotePort === undefined) {
      socket.destroy();
      return;
    }
    const address = unmapIPv4(socket.remoteAddress);
    const client: Endpoint = { address, port: socket.remotePort, family: familyOf(address) };
    const holds: ReadHold[] = [...(this.isPaused ? (['user'] as const) : []), ...(this.isCaptureBehind ? (['capture'] as const) : [])];
    const pair = new TcpRelayPair(socket, client, this.pairHooks(), holds);
    this.pairs.set(pair.key, pair);
    this.admission?.onAccepted();
    this.announcePairsChange();
  }

  private pairHooks(): TcpPairHooks {
    return {
      target: this.target!,
      connectTimeoutMs: this.config.connectTimeoutMs ?? this.ctx.defaultConnectTimeoutMs,
      forwardedToServer: (pair, chunk) => this.recordRx(pair.client, chunk, undefined, TO_SERVER),
      forwardedToClient: (pair, chunk) => this.batcher.record('tx', pair.client, frameBytes(chunk), TO_CLIENT),
      logRow: (pair, event) => this.logRow(pair.client, event),
      changed: () => this.announcePairsChange(),
      moved: () => this.schedulePairsEvent(),
      ended: (pair) => {
        if (this.pairs.get(pair.key) !== pair) return;
        this.pairs.delete(pair.key);
        if (this.state === 'open' && !this.isReleasing) this.announcePairsChange();
      },
    };
  }

  /** The admission's refused-clients rows; the cap the user set is the relay's own row (pairs, not "clients"). */
  private logAdmission(local: Endpoint, event: SessionLogEvent): void {
    if (event.type === 'clients-refused' && event.reason === 'max-clients') {
      this.logRow(local, { type: 'relay-refused', transport: 'tcp', count: event.count, limit: event.limit ?? this.maxPairs });
      return;
    }
    this.batcher.recordEvent(local, event);
  }
}
