import { randomUUID } from 'node:crypto';
import { SERVER_LIMITS } from '@shared/contract/constants';
import {
  fail,
  ok,
  type CommandArgs,
  type CommandName,
  type CommandResult,
  type EventName,
  type EventPayloads,
  type EventSink,
  type Result,
  type SessionConfig,
  type SessionSnapshot,
  type AutoReplyConfig,
  compileRules,
} from '@shared';
import { AutoReplyRegistry, configOf } from './auto-reply-registry';
import type { CommandHandler } from './command-dispatcher';
import { DisplayBudget } from './display-budget';
import { errorFromNode } from './errors-from-node';
import { listInterfaces } from './interfaces';
import { checkSessionFraming } from './rx-framing';
import { DirectoryLister } from './list-directory';
import { DEFAULT_RELAY_ENGINE_LIMITS, RelaySession, type RelayEngineLimits } from './relay/relay-session';
import { TcpRelaySession } from './relay/tcp-relay-session';
import { UdpRelaySession } from './relay/udp-relay-session';
import type { Session, SessionContext } from './session';
import type { SettingsStore } from './settings-file';
import { TcpClientSession } from './tcp-client-session';
import { TcpServerSession } from './tcp-server-session';
import { DEFAULT_BATCHER_OPTIONS } from './traffic-batcher';
import { UdpSession } from './udp-session';

export interface EngineOptions {
  /** Traffic flush timer (ms). */
  batchIntervalMs?: number;
  /** Flush at once when this many payload bytes are pending. */
  maxBatchBytes?: number;
  /** Batches in flight before the renderer must ack. */
  maxUnackedBatches?: number;
  /**
   * Frames all sessions together keep for display while the renderer is behind; past this they become a
   * "not displayed" gap in the log of the session that could not keep them.
   */
  maxPendingDisplayFrames?: number;
  /** The same in display bytes (frames are cut to MAX_DISPLAY_BYTES_PER_FRAME); default 16 full batches. */
  maxPendingDisplayBytes?: number;
  /** Bytes one TCP socket may hold in Node's write buffer before sends fail with QUEUE_FULL. */
  maxQueuedWriteBytes?: number;
  /** TCP connect timeout when the session config gives none (ms). */
  defaultConnectTimeoutMs?: number;
  /** A TCP server closes its side of a client this long after the client's FIN with nothing sent to it (ms). */
  halfClosedLingerMs?: number;
  /**
   * Where settings.load/save read and write (a SettingsFile in the user's data directory, in both hosts). Shared
   * by the engines of one host. Absent: nothing is remembered — load answers null, save fails with NOT_FOUND.
   */
  settings?: SettingsStore;
  /** A UDP relay's pause queue (datagrams, bytes); default RELAY_LIMITS' (tests give small ones). */
  relay?: Partial<RelayEngineLimits>;
}

/** A few seconds of a fast LAN link (bytes); beyond that the user is flooding a peer that is not reading. */
const DEFAULT_MAX_QUEUED_WRITE_BYTES = 16 * 1024 * 1024;
/** ms: long enough for a couple of SYN retransmissions, far shorter than the OS default of about two minutes. */
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

type Handlers = { [K in CommandName]: (args: CommandArgs<K>) => Promise<Result<CommandResult<K>>> };

/**
 * The network engine: routes validated commands to sessions and keeps the session registry. Plain Node, no
 * Electron: a host (Electron main or the browser host) gives it an event sink and forwards commands to
 * `handle`, which never throws. It outlives the pages that use it (WorkspaceHost): while no page shows its
 * sessions (detachDisplay) they keep running and counting, and `workspace.attach` hands them to the next page.
 */
export class Engine implements CommandHandler {
  private readonly sessions = new Map<string, Session>();
  private readonly emit: EventSink;
  private readonly options: Required<Omit<EngineOptions, 'settings' | 'relay'>>;
  private readonly relayLimits: RelayEngineLimits;
  private readonly settings: SettingsStore | undefined;
  private readonly displayBudget: DisplayBudget;
  /** system.listDirectory; one per engine, so listings stuck on a dead mount are counted together. */
  private readonly directories = new DirectoryLister();
  /** Until a host says otherwise, the sink is a page that shows everything (tests, a host with one page). */
  private isDisplayAttached = true;
  private lastSessionNumber = 0;
  private disposing: Promise<void> | undefined;
  /** 自动应答: the rules of each session that has any. */
  private readonly autoReply: AutoReplyRegistry;
  /** This engine among all a host ever ran: a page that reattaches to another one knows the host restarted. */
  private readonly engineId = randomUUID();

  constructor(sink: EventSink, options: EngineOptions = {}) {
    this.emit = <E extends EventName>(name: E, payload: EventPayloads[E]): void => {
      try {
        sink(name, payload);
      } catch (error) {
        // A host whose window is gone must not break the socket that produced the event.
        console.error(`socketdesk engine: event sink threw on ${name}:`, error);
      }
    };
    this.options = {
      batchIntervalMs: options.batchIntervalMs ?? DEFAULT_BATCHER_OPTIONS.batchIntervalMs,
      maxBatchBytes: options.maxBatchBytes ?? DEFAULT_BATCHER_OPTIONS.maxBatchBytes,
      maxUnackedBatches: options.maxUnackedBatches ?? DEFAULT_BATCHER_OPTIONS.maxUnackedBatches,
      maxPendingDisplayFrames: options.maxPendingDisplayFrames ?? DEFAULT_BATCHER_OPTIONS.maxPendingDisplayFrames,
      // Bytes held for display while the renderer is behind: a fixed number of full batches.
      maxPendingDisplayBytes: options.maxPendingDisplayBytes ?? (options.maxBatchBytes ?? DEFAULT_BATCHER_OPTIONS.maxBatchBytes) * 16,
      maxQueuedWriteBytes: options.maxQueuedWriteBytes ?? DEFAULT_MAX_QUEUED_WRITE_BYTES,
      defaultConnectTimeoutMs: options.defaultConnectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      halfClosedLingerMs: options.halfClosedLingerMs ?? SERVER_LIMITS.halfClosedLingerMs,
    };
    this.settings = options.settings;
    this.relayLimits = { ...DEFAULT_RELAY_ENGINE_LIMITS, ...options.relay };
    this.displayBudget = new DisplayBudget(this.options.maxPendingDisplayFrames, this.options.maxPendingDisplayBytes);
    this.autoReply = new AutoReplyRegistry(this.emit);
  }

  async handle<K extends CommandName>(name: K, args: CommandArgs<K>): Promise<Result<CommandResult<K>>> {
    if (this.disposing) return fail('NOT_OPEN', 'The engine has shut down');
    const handler = this.handlers[name] as ((args: CommandArgs<K>) => Promise<Result<CommandResult<K>>>) | undefined;
    if (!handler) return fail('INVALID_ARGUMENT', `Unknown command ${String(name)}`);
    try {
      return await handler(args);
    } catch (error) {
      const internal = errorFromNode(error);
      return fail('INTERNAL', `Internal error in ${name}`, internal.params, internal.detail);
    }
  }

  /**
   * No page shows the sessions now (the attached page went away): they carry on, and what they receive is
   * counted into one gap per session for the page that attaches next. Its events still reach the sink, which
   * (WorkspaceHost) has nobody to give them to.
   */
  detachDisplay(): void {
    this.isDisplayAttached = false;
    for (const session of this.sessions.values()) session.detachDisplay();
  }

  /** Closes every session (sockets, timers). Idempotent; later commands fail with NOT_OPEN. */
  dispose(): Promise<void> {
    this.autoReply.dispose();
    this.disposing ??= Promise.all([...this.sessions.values()].map((session) => session.dispose())).then(() => undefined);
    return this.disposing;
  }

  private readonly handlers: Handlers = {
    'system.interfaces': async () => ok({ interfaces: listInterfaces() }),
    'system.listDirectory': ({ path }) => this.directories.list(path),
    // A native dialog needs a window on the user's screen: the Electron host answers this command itself, before
    // the engine. Here it reaches the engine only from a host without one (the browser host), whose page browses
    // with system.listDirectory instead (RendererTransport.pathPicker).
    'system.pickPath': async () =>
      fail('INVALID_ARGUMENT', 'This host shows no file dialog of its own: browse with system.listDirectory', { reason: 'noNativeDialog' }),
    'session.open': (args) => this.open(args.config, args.tabId ?? null, args.autoReply),
    'session.close': async ({ sessionId }) => {
      const session = this.sessions.get(sessionId);
      if (session) {
        await session.dispose();
        return ok(null);
      }
      // Closing a session that already closed itself (peer FIN, reset) races with the user's click: fine.
      return this.wasIssued(sessionId) ? ok(null) : this.unknown(sessionId);
    },
    'session.send': async (args) => {
      const session = this.sessions.get(args.sessionId);
      if (!session) return fail('NOT_OPEN', 'The session is not open', { sessionId: args.sessionId });
      return clientTargetConflict(args) ?? relaySideConflict(session, args) ?? session.send(args);
    },
    'session.resetCounters': async ({ sessionId }) => {
      const session = this.sessions.get(sessionId);
      if (!session) return this.unknown(sessionId);
      session.resetCounters();
      return ok(null);
    },
    'session.framing.set': async ({ sessionId, framing }) => {
      const session = this.sessions.get(sessionId);
      return session ? session.setFraming(framing) : this.unknown(sessionId);
    },
    'session.udp.set': async ({ sessionId, options }) => this.withSession(sessionId, (session) => session.setUdpOptions(options)),
    'session.multicast.join': async ({ sessionId, membership }) => this.withSession(sessionId, (session) => session.joinMulticast(membership)),
    'session.multicast.leave': async ({ sessionId, membership }) => this.withSession(sessionId, (session) => session.leaveMulticast(membership)),
    'session.rules.set': async (args) => {
      const session = this.sessions.get(args.sessionId);
      return session ? this.autoReply.set(session, configOf(args)) : this.unknown(args.sessionId);
    },
    'server.kick': async ({ sessionId, client }) => {
      const session = this.sessions.get(sessionId);
      return session ? session.kick(client) : this.unknown(sessionId);
    },
    'relay.pause': async ({ sessionId, paused }) => {
      const session = this.sessions.get(sessionId);
      if (!session) return this.unknown(sessionId);
      if (!(session instanceof RelaySession)) return fail('INVALID_ARGUMENT', 'Only a relay forwards: there is nothing to pause', { field: 'sessionId', reason: 'notRelay' });
      return session.setPaused(paused);
    },
    'traffic.ack': async ({ sessionId, batchSeq }) => {
      // An ack for a session that just closed is normal (the last batch raced the close): nothing to do.
      this.sessions.get(sessionId)?.ack(batchSeq);
      return ok(null);
    },
    'session.repeat.start': async (args) => {
      const session = this.sessions.get(args.sessionId);
      if (!session) return this.unknown(args.sessionId);
      return clientTargetConflict(args) ?? relaySideConflict(session, args) ?? session.startRepeat(args);
    },
    // Stopping what a closed session already stopped is fine, as for session.close.
    'session.repeat.stop': async ({ sessionId }) => {
      // Answer after the final repeat.state, so the UI has the exact count when the command returns.
      await this.sessions.get(sessionId)?.stopRepeat();
      return this.withSessionOrClosed(sessionId, () => undefined);
    },
    'session.capture.start': async ({ sessionId, path, append }) => {
      const session = this.sessions.get(sessionId);
      return session ? session.startCapture(path, append ?? false) : this.unknown(sessionId);
    },
    'session.capture.stop': async ({ sessionId }) => {
      const session = this.sessions.get(sessionId);
      return session ? session.stopCapture() : this.unknown(sessionId);
    },
    'session.sendFile': async (args) => {
      const session = this.sessions.get(args.sessionId);
      if (!session) return this.unknown(args.sessionId);
      return clientTargetConflict(args) ?? relaySideConflict(session, args) ?? session.sendFile(args);
    },
    'session.sendFile.cancel': async ({ sessionId }) => this.withSessionOrClosed(sessionId, (session) => session.cancelSendFile()),
    'session.sequence.run': async (args) => {
      const session = this.sessions.get(args.sessionId);
      if (!session) return this.unknown(args.sessionId);
      return clientTargetConflict(args.target) ?? session.runSequence(args);
    },
    // A session that closed ended its run with it ('closed'): stopping it then is fine, as for session.repeat.stop.
    'session.sequence.stop': async ({ sessionId }) => this.withSessionOrClosed(sessionId, (session) => session.stopSequence()),
    'settings.load': async () => {
      if (!this.settings) return ok({ settings: null });
      const loaded = await this.settings.load();
      return loaded.ok ? ok({ settings: loaded.value }) : loaded;
    },
    'settings.save': async ({ settings }) =>
      this.settings ? this.settings.save(settings) : fail('NOT_FOUND', 'This host keeps no settings (no data directory)'),
    // Which page hears the events is the host's business (WorkspaceHost); the engine resets its display side.
    'workspace.attach': async () => {
      this.isDisplayAttached = true;
      const sessions = [...this.sessions.values()];
      for (const session of sessions) session.attachDisplay();
      // Taken after the reset, so the counters are exact and what they count that this page never saw is the
      // gap of its first batch.
      return ok({ sessions: sessions.map((session) => this.withAutoReply(session.snapshot())), engineId: this.engineId });
    },
  };

  private async open(config: SessionConfig, tabId: string | null, autoReply: AutoReplyConfig | undefined): Promise<Result<CommandResult<'session.open'>>> {
    // A config the engine cannot run (a TCP framing that does not check, a rule that does not) takes no session id
    // and opens nothing.
    const maker = sessionMaker(config, this.relayLimits);
    if (!maker.ok) return maker;
    const rules = autoReply ? compileRules(autoReply, config.kind) : undefined;
    if (rules && !rules.ok) return rules;
    const id = `s${++this.lastSessionNumber}`;
    const context: SessionContext = {
      id,
      tabId,
      emit: this.emit,
      batcher: {
        batchIntervalMs: this.options.batchIntervalMs,
        maxBatchBytes: this.options.maxBatchBytes,
        maxUnackedBatches: this.options.maxUnackedBatches,
      },
      displayBudget: this.displayBudget,
      maxQueuedWriteBytes: this.options.maxQueuedWriteBytes,
      defaultConnectTimeoutMs: this.options.defaultConnectTimeoutMs,
      halfClosedLingerMs: this.options.halfClosedLingerMs,
      onClosed: (closedId) => {
        this.sessions.delete(closedId);
        this.autoReply.forget(closedId);
      },
    };
    const session = maker.value(context);
    // The rules listen before the socket opens: the first message is answered too.
    if (autoReply) this.autoReply.set(session, autoReply);
    // Opened by a page that is not attached (it never called workspace.attach): nobody shows it yet.
    if (!this.isDisplayAttached) session.detachDisplay();
    // Registered before it opens, so dispose() also stops a session that is still connecting.
    this.sessions.set(id, session);
    return session.open();
  }

  /** `action`'s answer for an open session; NOT_OPEN for one that is not (or never was). */
  private withSession<T>(sessionId: string, action: (session: Session) => Result<T>): Result<T> {
    const session = this.sessions.get(sessionId);
    return session ? action(session) : this.unknown(sessionId);
  }

  private withAutoReply(snapshot: SessionSnapshot): SessionSnapshot {
    const autoReply = this.autoReply.snapshot(snapshot.sessionId);
    return autoReply ? { ...snapshot, autoReply } : snapshot;
  }

  /** Runs `action` on an open session; a session that already closed (and so stopped its tasks) is fine too. */
  private withSessionOrClosed(sessionId: string, action: (session: Session) => void): Result<null> {
    const session = this.sessions.get(sessionId);
    if (session) action(session);
    else if (!this.wasIssued(sessionId)) return this.unknown(sessionId);
    return ok(null);
  }

  private wasIssued(sessionId: string): boolean {
    const match = /^s(\d+)$/.exec(sessionId);
    return match !== null && Number(match[1]) <= this.lastSessionNumber;
  }

  private unknown<T>(sessionId: string): Result<T> {
    return fail('NOT_OPEN', 'The session is not open', { sessionId });
  }
}

/**
 * `client` and `clients` name a send's clients two ways; a command gives one of them (its schema says so too, but
 * the engine does not rely on a host having checked). Answered before a task starts, so none starts to fail.
 */
function clientTargetConflict(args: { readonly client?: string; readonly clients?: readonly string[] }): Result<never> | undefined {
  return args.client !== undefined && args.clients !== undefined ? fail('INVALID_ARGUMENT', 'Give client or clients, not both', { field: 'clients' }) : undefined;
}

/**
 * `toward` says which side of a relay a send goes to: a relay needs it (the session says so), any other session
 * refuses it rather than ignore it. Answered before a task starts, like clientTargetConflict.
 */
function relaySideConflict(session: Session, args: { readonly toward?: string }): Result<never> | undefined {
  if (args.toward === undefined || session.kind === 'relay') return undefined;
  return fail('INVALID_ARGUMENT', 'Only a relay sends toward a side (server or client)', { field: 'toward', reason: 'notRelay' });
}

/** How to make the session for `config`, or why it cannot be made: a TCP config's framing is checked here. */
function sessionMaker(config: SessionConfig, relayLimits: RelayEngineLimits): Result<(context: SessionContext) => Session> {
  if (config.kind === 'udp') return ok((context) => new UdpSession(context, config));
  if (config.kind === 'relay') {
    return ok((context) => (config.transport === 'tcp' ? new TcpRelaySession(context, config, relayLimits) : new UdpRelaySession(context, config, relayLimits)));
  }
  const framing = checkSessionFraming(config.framing);
  if (!framing.ok) return framing;
  const spec = framing.value;
  return ok(config.kind === 'tcp-client' ? (context) => new TcpClientSession(context, config, spec) : (context) => new TcpServerSession(context, config, spec));
}
