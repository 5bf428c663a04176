import { createServer, type Server, type Socket } from 'node:net';
import {
  fail,
  familyOf,
  formatEndpoint,
  loggedError,
  ok,
  type ClientDisconnectReason,
  type Endpoint,
  type FramingConfig,
  type FramingSpec,
  type Result,
  type ServerClientInfo,
  type TcpServerConfig,
  type FrameMark,
} from '@shared';
import { ClientAdmission } from './client-admission';
import { ClientListPacer } from './client-list-pacer';
import { frameBytes } from './frame-bytes';
import { HalfOpenProbe } from './half-open-probe';
import { resolveHost, unmapIPv4 } from './resolve-host';
import { StreamRxFraming } from './rx-framing';
import type { OpenedSession, SendArgs, SessionContext } from './session';
import { sendEndOfClient } from './send-end';
import { SessionBase } from './session-base';
import { serverSocketOptions } from './tcp-socket-options';
import { writeWithBackpressure, type WriteTarget } from './tcp-write';

interface Client {
  readonly socket: Socket;
  readonly endpoint: Endpoint;
  readonly key: string;
  readonly connectedAt: number;
  /** ms since epoch of the last byte in or out. */
  lastActivityAt: number;
  rxBytes: number;
  txBytes: number;
  /** Its own framer: each client's bytes are a stream of their own. */
  readonly rx: StreamRxFraming;
  /** The first thing seen of its end (RST, kick, …); the disconnect row says it. */
  endReason?: ClientDisconnectReason;
  /** It sent FIN (finished sending): it stays listed, marked, until it closes fully or is kicked. */
  peerFinished: boolean;
  /** From its FIN on: notices, after our next send, that it is gone (half-open-probe.ts). */
  probe?: HalfOpenProbe;
  /** From its FIN on: closes our side after ctx.halfClosedLingerMs with nothing sent to it. */
  linger?: NodeJS.Timeout;
  /** A row said a send to the others skipped it, and no send has reached it since: later skips add no row. */
  missingSends: boolean;
}

/**
 * A TCP listener and the clients it accepted; traffic of every client goes to this one session's log. Each client's
 * bytes are cut into messages by its own framer (all by the session's framing), flushed when the client leaves.
 * Connections are half-open capable: a client's FIN means it finished sending (a row says so and the list marks
 * it); it may still be sent to until the connection closes (a reset, the user's kick, the server's close).
 */
export class TcpServerSession extends SessionBase {
  readonly kind = 'tcp-server';
  private server: Server | undefined;
  private readonly clients = new Map<string, Client>();
  /** Closing: clients leave one by one, but the UI gets one empty list, not one event per client. */
  private isReleasing = false;
  /**
   * When the client list goes to the page. Sending the whole list on every accept is quadratic when thousands of
   * clients connect together (issue 3, B7: 5 000 clients), and a page that stopped reading must not be sent one
   * list per change (issue 12).
   */
  private readonly clientLists = new ClientListPacer({
    emit: () => this.ctx.emit('server.clients', { sessionId: this.id, clients: this.clientList() }),
    size: () => this.clients.size,
    pageHasCredit: () => this.batcher.hasCredit(),
    isLive: () => this.state === 'open' && !this.isReleasing,
  });
  /** The capture file is behind: no client is read from, including clients that connect meanwhile. */
  private isReceivePaused = false;
  /** Set once listening: the caps on clients (maxClients, descriptors) and the refused-clients rows. */
  private admission: ClientAdmission | undefined;

  /** `framing`: config.framing, checked by the Engine (checkSessionFraming); config.framing follows later changes. */
  constructor(
    ctx: SessionContext,
    protected config: TcpServerConfig,
    private framing: FramingSpec,
  ) {
    super(ctx);
  }

  protected override applyFraming(spec: FramingSpec, shown: FramingConfig): void {
    this.framing = spec;
    this.config = { ...this.config, framing: shown };
    // Every client's buffered bytes first (rows of their own peers), then one row for the server: clients that
    // connect later are framed the new way from their first byte.
    for (const client of this.clients.values()) client.rx.replace(spec);
    if (this.local) this.batcher.recordEvent(this.local, { type: 'framing-changed', framing: shown });
  }

  async open(): Promise<Result<OpenedSession>> {
    this.emitOpening();
    const bind = await resolveHost(this.config.localAddress, 0);
    if (!bind.ok) return this.failOpen('error', bind.error);
    if (this.wasCloseRequested) return this.closedWhileOpening();
    // allowHalfOpen: a client's FIN ends its direction only, so a reply can still reach it (issue 10).
    const server = createServer({ allowHalfOpen: true, ...serverSocketOptions(this.config) });
    this.server = server;
    server.on('connection', (socket) => this.accept(socket));
    server.on('drop', () => this.admission?.onRefused());
    const listening = await this.listenTcp(server, bind.value.address, this.config.localPort);
    if (!listening.ok) return this.wasCloseRequested ? listening : this.failOpen('error', listening.error);
    if (this.wasCloseRequested) return this.closedWhileOpening();
    const address = server.address();
    if (address === null || typeof address === 'string') return this.failOpen('error', { code: 'INTERNAL', message: 'The listener has no address' });
    const local: Endpoint = { address: address.address, port: address.port, family: familyOf(address.address) };
    this.admission = new ClientAdmission(server, {
      maxClients: this.config.maxClients,
      clientCount: () => this.clients.size,
      logRow: (event) => this.batcher.recordEvent(local, event),
    });
    this.admission.start();
    return ok(this.markOpen(local));
  }

  async send(args: SendArgs, mark?: FrameMark): Promise<Result<{ bytesSent: number }>> {
    if (this.state !== 'open') return this.notOpen();
    const chosen = this.targetsOf(args);
    if (!chosen.ok) return chosen;
    const targets = chosen.value;
    // One write (and so one tx frame) per client: the log shows who got the bytes. The frames share one view.
    const logged = frameBytes(args.bytes);
    const results = await Promise.all(
      targets.map((client) =>
        writeWithBackpressure(client.socket, args.bytes, this.writeTarget(client), () => {
          client.txBytes += args.bytes.length;
          client.lastActivityAt = Date.now();
          this.recordTx(client.endpoint, logged, mark);
          client.probe?.afterSend();
          if (client.peerFinished) this.lingerAfterFinish(client);
          this.clientLists.countsChanged();
        }),
      ),
    );
    let bytesSent = 0;
    for (const result of results) if (result.ok) bytesSent += result.value.bytesSent;
    const firstFailure = results.find((result) => !result.ok);
    if (firstFailure && !results.some((result) => result.ok)) return firstFailure;
    // Partial success is success, and the log says who missed it: tx rows for the clients that got the bytes, a row
    // for each one that did not (once, while it keeps missing them: a cyclic send at 1 ms must not flood the log).
    targets.forEach((client, i) => this.noteSendOutcome(client, results[i]!));
    return ok({ bytesSent });
  }

  private noteSendOutcome(client: Client, result: Result<unknown>): void {
    if (result.ok) {
      client.missingSends = false;
      return;
    }
    if (client.missingSends) return;
    client.missingSends = true;
    this.batcher.recordEvent(client.endpoint, { type: 'client-send-failed', error: loggedError(result.error) });
  }

  /** Where a send to `client` goes: its socket's cap, and why it ended (its first sign of the end) if it did. */
  private writeTarget(client: Client): WriteTarget {
    return { maxQueuedBytes: this.ctx.maxQueuedWriteBytes, inflight: this.inflight, peer: client.endpoint, whyEnded: () => sendEndOfClient(client.endReason) };
  }

  /**
   * Who gets a send: the clients named by `clients` (each once, all of them connected, or nothing is sent), the one
   * named by `client`, or all ('all' or neither given). The Engine refuses `client` and `clients` together.
   */
  private targetsOf(args: SendArgs): Result<Client[]> {
    if (args.clients !== undefined) {
      if (args.clients.length === 0) return fail('INVALID_ARGUMENT', 'The list of clients is empty', { field: 'clients' });
      const targets: Client[] = [];
      for (const key of new Set(args.clients)) {
        const client = this.clients.get(key);
        if (!client) return fail('NOT_FOUND', `No client ${key} is connected`, { client: key });
        targets.push(client);
      }
      return ok(targets);
    }
    const target = args.client ?? 'all';
    if (target === 'all') {
      const targets = [...this.clients.values()];
      return targets.length > 0 ? ok(targets) : fail('NOT_FOUND', 'No client is connected', { client: 'all' });
    }
    const client = this.clients.get(target);
    return client ? ok([client]) : fail('NOT_FOUND', `No client ${target} is connected`, { client: target });
  }

  override resetCounters(): void {
    for (const client of this.clients.values()) {
      client.rxBytes = 0;
      client.txBytes = 0;
    }
    super.resetCounters();
    this.clientLists.sendNow();
  }

  protected override onDisplayCredit(): void {
    this.clientLists.creditReturned();
  }

  override kick(key: string): Result<null> {
    if (this.state !== 'open') return this.notOpen();
    const client = this.clients.get(key);
    if (!client) return fail('NOT_FOUND', `No client ${key} is connected`, { client: key });
    client.endReason ??= 'kicked';
    client.socket.destroy();
    return ok(null);
  }

  protected override setReceivePaused(paused: boolean): void {
    this.isReceivePaused = paused;
    for (const client of this.clients.values()) {
      if (paused) client.socket.pause();
      else client.socket.resume();
    }
  }

  protected release(): Promise<void> {
    const server = this.server;
    this.isReleasing = true;
    this.clientLists.stop();
    this.admission?.stop();
    if (!server) return Promise.resolve();
    const closing = [...this.clients.values()].map(
      (client) =>
        new Promise<void>((resolve) => {
          if (client.socket.closed) return resolve();
          client.socket.once('close', () => resolve());
          client.endReason ??= 'server-closed';
          client.socket.destroy();
        }),
    );
    const listenerClosed = new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
    });
    const hadClients = this.clients.size > 0;
    return Promise.all([...closing, listenerClosed]).then(() => {
      this.clients.clear();
      if (hadClients) this.clientLists.sendNow();
    });
  }

  private accept(socket: Socket): void {
    // Every socket needs an error listener: a client's RST must not crash the process. Its 'close' follows.
    socket.on('error', () => undefined);
    if (this.state !== 'open' || socket.remoteAddress === undefined || socket.remotePort === undefined) {
      socket.destroy();
      return;
    }
    const address = unmapIPv4(socket.remoteAddress);
    const endpoint: Endpoint = { address, port: socket.remotePort, family: familyOf(address) };
    const connectedAt = Date.now();
    const rx = new StreamRxFraming(this.framing, (message) => this.recordRxMessage(endpoint, message));
    const client: Client = { socket, endpoint, key: formatEndpoint(endpoint), connectedAt, lastActivityAt: connectedAt, rxBytes: 0, txBytes: 0, rx, peerFinished: false, missingSends: false };
    this.clients.set(client.key, client);
    this.admission?.onAccepted();
    // Before any of its bytes: the row that says it came is the first row with its address.
    this.batcher.recordEvent(endpoint, { type: 'client-connected' });
    socket.on('data', (chunk: Buffer) => {
      client.rxBytes += chunk.length;
      client.lastActivityAt = Date.now();
      this.recordRx(endpoint, chunk, rx);
      this.clientLists.countsChanged();
    });
    if (this.isReceivePaused) socket.pause();
    // FIN: the client finished sending but stays (half-open) for what the user still sends it.
    socket.on('end', () => {
      client.peerFinished = true;
      client.probe = new HalfOpenProbe(socket);
      this.lingerAfterFinish(client);
      // Nothing more can arrive from it: a message it did not finish comes out (marked) before the row.
      rx.close();
      this.batcher.recordEvent(endpoint, { type: 'peer-finished' });
      if (this.clients.get(client.key) === client) this.clientLists.membershipChanged();
    });
    // The first sign of the end wins: a kick followed by a reset is still the kick. EPIPE: a write found it reset.
    socket.on('error', (error: NodeJS.ErrnoException) => (client.endReason ??= error.code === 'ECONNRESET' || error.code === 'EPIPE' ? 'reset' : 'error'));
    socket.on('close', () => {
      client.probe?.stop();
      clearTimeout(client.linger);
      // Every client that was listed gets its row, also while the server closes (before the batcher's last flush);
      // a message it did not finish comes out (marked) before it. A close after its FIN with no error: it closed.
      rx.close();
      this.batcher.recordEvent(endpoint, { type: 'client-disconnected', reason: client.endReason ?? (client.peerFinished ? 'peer-closed' : 'error') });
      if (this.clients.get(client.key) !== client) return;
      this.clients.delete(client.key);
      this.clientLists.membershipChanged();
    });
    this.clientLists.membershipChanged();
  }

  /** (Re)starts the wait after which a client that finished sending is closed on our side too. */
  private lingerAfterFinish(client: Client): void {
    clearTimeout(client.linger);
    client.linger = setTimeout(() => {
      client.endReason ??= 'finished-idle';
      client.socket.end();
    }, this.ctx.halfClosedLingerMs);
  }

  /**
   * One object literal per client, of one of two fixed shapes. Built with spreads (`...endpoint`, a conditional
   * `...{}`) each entry became a dictionary-mode object: ~1 KiB and ~30× slower to build, for a list of 5 000 that
   * goes out every second (issue 12, B7: most of what the host allocated while 5 000 clients connected).
   */
  protected override clientList(): ServerClientInfo[] {
    const list: ServerClientInfo[] = [];
    for (const c of this.clients.values()) {
      const { address, port, family } = c.endpoint;
      const { key, connectedAt, lastActivityAt, rxBytes, txBytes } = c;
      list.push(
        c.peerFinished
          ? { address, port, family, key, connectedAt, lastActivityAt, rxBytes, txBytes, peerFinished: true }
          : { address, port, family, key, connectedAt, lastActivityAt, rxBytes, txBytes },
      );
    }
    return list;
  }
}
