import {
  fail,
  ok,
  RELAY_LIMITS,
  relayInjectMark,
  type Endpoint,
  type ErrorParams,
  type FrameMark,
  type RelayConfig,
  type RelayLogEvent,
  type RelayPairInfo,
  type RelaySide,
  type Result,
  type ServerClientInfo,
  type SessionSnapshot,
} from '@shared';
import { ClientListPacer } from '../client-list-pacer';
import type { SendArgs, SessionContext } from '../session';
import { SessionBase } from '../session-base';
import type { RelayTarget } from './relay-target';

/** Bounds a relay runs under; the Engine gives the defaults (tests give small ones). */
export interface RelayEngineLimits {
  readonly pauseQueueDatagrams: number;
  readonly pauseQueueBytes: number;
}

export const DEFAULT_RELAY_ENGINE_LIMITS: RelayEngineLimits = {
  pauseQueueDatagrams: RELAY_LIMITS.defaultPauseQueueDatagrams,
  pauseQueueBytes: RELAY_LIMITS.defaultPauseQueueBytes,
};

/** One client's pair (TCP) or mapping (UDP), as the relay's common parts see it. */
export interface RelayPair {
  readonly key: string;
  readonly client: Endpoint;
  readonly connectedAt: number;
  readonly lastActivityAt: number;
  /** Bytes toward the server (forwarded and injected), and toward the client. */
  readonly clientToServer: number;
  readonly serverToClient: number;
  info(): RelayPairInfo;
}

/**
 * 转发 (relay): what the TCP and the UDP relay share. The log's rows, the counters and the pair list follow one rule
 * (shared/contract/relay.ts): rx = toward the server, tx = toward the client, each frame marked with its leg or as
 * injected, its peer the pair's client. The subclasses own the sockets: they forward, pause and close pairs, and
 * inject what the send box sends toward one side.
 */
export abstract class RelaySession<P extends RelayPair> extends SessionBase {
  readonly kind = 'relay';
  /** The pairs (TCP) or mappings (UDP) by their client's key. */
  protected readonly pairs = new Map<string, P>();
  /** Forwarding is paused by the user (relay.pause). */
  protected isPaused = false;
  /** Set by open() once the remote resolved. */
  protected target: RelayTarget | undefined;
  /** Closing: pairs leave one by one, but the page gets one empty list. */
  protected isReleasing = false;
  /** When the pair list goes to the page: paced as a TCP server's client list is (client-list-pacer.ts). */
  private readonly pairLists = new ClientListPacer({
    emit: () => this.ctx.emit('server.clients', { sessionId: this.id, clients: this.clientList() }),
    size: () => this.pairs.size,
    pageHasCredit: () => this.batcher.hasCredit(),
    isLive: () => this.state === 'open' && !this.isReleasing,
  });

  constructor(
    ctx: SessionContext,
    protected readonly config: RelayConfig,
    protected readonly limits: RelayEngineLimits,
  ) {
    super(ctx);
  }

  /** Pairs (TCP) or mappings (UDP) at once. */
  protected get maxPairs(): number {
    return this.config.maxClients ?? RELAY_LIMITS.defaultMaxPairs;
  }

  /** relay.pause: stop forwarding (true) or resume it, in order (false); the log says which. */
  setPaused(paused: boolean): Result<null> {
    if (this.state !== 'open') return this.notOpen();
    if (paused === this.isPaused) return ok(null);
    this.isPaused = paused;
    this.applyPause(paused);
    return ok(null);
  }

  /** Hold or release every pair's forwarding, and log the row (resuming UDP: after delivering what was held). */
  protected abstract applyPause(paused: boolean): void;

  /** Write `bytes` to the pair's server side, or its client side; the frame is logged with `mark` when it went out. */
  protected abstract inject(pair: P, toward: RelaySide, bytes: Uint8Array, mark: FrameMark): Promise<Result<{ bytesSent: number }>>;

  /** Whether the pair can take bytes toward `toward` now (its upstream is up, that side is not closed). */
  protected abstract canInject(pair: P, toward: RelaySide): boolean;

  /** Close one pair (the user's 关闭 / kick). */
  protected abstract closePair(pair: P): void;

  /**
   * The send box: `toward` the server or the client(s) of the pairs named by `client` / `clients` (all when neither
   * is given or 'all'). Each pair gets its own write and row. Pairs that cannot take bytes that way now (upstream
   * still connecting, that side closed) are skipped when others can; when none can, nothing is sent and the error
   * says why.
   */
  async send(args: SendArgs, mark?: FrameMark): Promise<Result<{ bytesSent: number }>> {
    if (this.state !== 'open') return this.notOpen();
    const toward = args.toward;
    if (toward === undefined) return fail('INVALID_ARGUMENT', 'A relay send says which side it goes to: toward the server or the client', { field: 'toward', reason: 'relayToward' });
    const chosen = this.pairsOf(args);
    if (!chosen.ok) return chosen;
    const ready = chosen.value.filter((pair) => this.canInject(pair, toward));
    if (ready.length === 0) {
      const params: ErrorParams = chosen.value.length === 1 ? { reason: 'relaySide', side: toward, client: chosen.value[0]!.key } : { reason: 'relaySide', side: toward };
      return fail('NOT_FOUND', `No chosen pair can take bytes toward the ${toward} now`, params);
    }
    const results = await Promise.all(ready.map((pair) => this.inject(pair, toward, args.bytes, mark ?? relayInjectMark(toward))));
    this.schedulePairsEvent();
    let bytesSent = 0;
    for (const result of results) if (result.ok) bytesSent += result.value.bytesSent;
    const firstFailure = results.find((result) => !result.ok);
    if (firstFailure && !results.some((result) => result.ok)) return firstFailure;
    return ok({ bytesSent });
  }

  override kick(key: string): Result<null> {
    if (this.state !== 'open') return this.notOpen();
    const pair = this.pairs.get(key);
    if (!pair) return fail('NOT_FOUND', `No client ${key} is connected`, { client: key });
    this.closePair(pair);
    return ok(null);
  }

  override snapshot(): SessionSnapshot {
    return { ...super.snapshot(), relay: { paused: this.isPaused } };
  }

  protected override get sendsDatagrams(): boolean {
    return this.config.transport === 'udp';
  }

  /** One object literal of one shape per pair: a spread makes dictionary-mode objects (TcpServerSession.clientList). */
  protected override clientList(): ServerClientInfo[] {
    const list: ServerClientInfo[] = [];
    for (const pair of this.pairs.values()) {
      const { address, port, family } = pair.client;
      list.push({
        address,
        port,
        family,
        key: pair.key,
        connectedAt: pair.connectedAt,
        lastActivityAt: pair.lastActivityAt,
        rxBytes: pair.clientToServer,
        txBytes: pair.serverToClient,
        relay: pair.info(),
      });
    }
    return list;
  }

  /** A row of the relay's log about `peer` (a pair's client, or the relay's own endpoint). */
  protected logRow(peer: Endpoint, event: RelayLogEvent): void {
    this.batcher.recordEvent(peer, event);
  }

  /** A row about the whole relay (paused, resumed, refused): its peer is the relay's own endpoint. */
  protected logRelayRow(event: RelayLogEvent): void {
    if (this.local) this.batcher.recordEvent(this.local, event);
  }

  protected get serverLabel(): string {
    return this.target?.label ?? '';
  }

  /** A pair came or went: tell the page at once, unless a list went out less than an interval ago. */
  protected announcePairsChange(): void {
    this.pairLists.membershipChanged();
  }

  /** Byte counts or a pair's state changed: the list goes out within an interval. */
  protected schedulePairsEvent(): void {
    this.pairLists.countsChanged();
  }

  /** Closing: no more lists but the last one (emitPairs). */
  protected stopPairsEvents(): void {
    this.pairLists.stop();
  }

  /** The list now, whatever the pace: the empty list of a closing relay. */
  protected emitPairs(): void {
    this.pairLists.sendNow();
  }

  protected override onDisplayCredit(): void {
    this.pairLists.creditReturned();
  }

  /** The pairs a send names: `clients` (each once, all present), one `client`, or all ('all' or neither). */
  private pairsOf(args: SendArgs): Result<P[]> {
    if (args.clients !== undefined) {
      if (args.clients.length === 0) return fail('INVALID_ARGUMENT', 'The list of clients is empty', { field: 'clients' });
      const chosen: P[] = [];
      for (const key of new Set(args.clients)) {
        const pair = this.pairs.get(key);
        if (!pair) return fail('NOT_FOUND', `No client ${key} is connected`, { client: key });
        chosen.push(pair);
      }
      return ok(chosen);
    }
    const key = args.client ?? 'all';
    if (key === 'all') {
      const all = [...this.pairs.values()];
      return all.length > 0 ? ok(all) : fail('NOT_FOUND', 'No client is connected', { client: 'all' });
    }
    const pair = this.pairs.get(key);
    return pair ? ok([pair]) : fail('NOT_FOUND', `No client ${key} is connected`, { client: key });
  }
}
