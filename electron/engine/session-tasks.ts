import {
  fail,
  loggedError,
  ok,
  SESSION_TASK_LIMITS,
  type AppError,
  type CaptureStateEvent,
  type CommandArgs,
  type EventSink,
  type RepeatStateEvent,
  type Result,
  type SendProgressEvent,
  type SessionLogEvent,
} from '@shared';
import { CaptureFile } from './capture-file';
import { FileSender } from './file-sender';
import { repeatPayload } from './repeat-payload';
import { RepeatTimer } from './repeat-timer';
import type { SendArgs } from './session';

export interface SessionTaskHooks {
  readonly sessionId: string;
  readonly emit: EventSink;
  /** The session's normal send path: every task send is logged and counted like a typed one. */
  readonly send: (args: SendArgs) => Promise<Result<{ bytesSent: number }>>;
  /** Stop or resume reading from the network (TCP); a no-op where that is impossible (UDP). */
  readonly setReceivePaused: (paused: boolean) => void;
  /** A row in the session's log, in order with its traffic. */
  readonly logEvent: (event: SessionLogEvent) => void;
}

/** Each task as its last event said, for a page that attaches later (SessionSnapshot); null = never ran. */
export interface TaskSnapshot {
  readonly repeat: RepeatStateEvent | null;
  readonly capture: CaptureStateEvent | null;
  readonly fileSend: SendProgressEvent | null;
}

/**
 * The long-running work of one session (DESIGN §3: timers that send live in the engine): at most one cyclic
 * send, one capture file and one file send. All of it stops when the session closes.
 */
export class SessionTasks {
  private repeat: RepeatTimer | undefined;
  private capture: CaptureFile | undefined;
  private fileSender: FileSender | undefined;
  private isClosed = false;
  private lastRepeat: RepeatStateEvent | null = null;
  private lastCapture: CaptureStateEvent | null = null;
  private lastFileSend: SendProgressEvent | null = null;
  /**
   * Captures replaced by a newer one: their final "inactive" event comes after the new file's first one, and
   * must not become the last word on a capture that is still running.
   */
  private readonly replacedCaptures = new WeakSet<CaptureFile>();

  constructor(private readonly hooks: SessionTaskHooks) {}

  /**
   * Starts (or replaces) the cyclic send; resolves with the first send's outcome. A `spec` is evaluated per send
   * with the number of sends before it (repeat-payload.ts); one that fails to evaluate stops it with that error.
   */
  async startRepeat(args: CommandArgs<'session.repeat.start'>): Promise<Result<null>> {
    const { sessionId, emit } = this.hooks;
    // Report the replaced timer's end now: a report that waited for its sends in flight would follow the new start.
    void this.repeat?.stop('user', undefined, true);
    const payload = repeatPayload(args);
    const target = targetOf(args);
    const timer = new RepeatTimer({
      periodMs: args.periodMs,
      ...(args.count !== undefined ? { count: args.count } : {}),
      send: (sendIndex) => {
        const bytes = payload(sendIndex);
        return bytes.ok ? this.hooks.send({ sessionId, bytes: bytes.value, ...target }) : Promise.resolve(bytes);
      },
      onState: (state) => {
        // A replaced timer reports its end at once, before this one starts: the order of events is the truth.
        this.lastRepeat = { sessionId, ...state };
        emit('repeat.state', this.lastRepeat);
      },
    });
    this.repeat = timer;
    const first = await timer.first();
    return first.ok ? ok(null) : first;
  }

  /** Resolves once the final repeat.state (with every send in flight counted) has gone out. */
  async stopRepeat(): Promise<void> {
    const repeat = this.repeat;
    this.repeat = undefined;
    await repeat?.stop('user');
  }

  async startCapture(path: string, append: boolean): Promise<Result<{ path: string }>> {
    const { sessionId, emit } = this.hooks;
    // Set once open: its first event comes from inside open(), before it is known, and before it can be replaced.
    const opening: { file?: CaptureFile } = {};
    const opened = await CaptureFile.open(path, append, {
      onState: (state) => {
        const event: CaptureStateEvent = { sessionId, ...state };
        if (!opening.file || !this.replacedCaptures.has(opening.file)) this.lastCapture = event;
        emit('capture.state', event);
        // The file failed while the capture ran (a failed open is the command's answer instead): the log says
        // where the capture stopped, among the traffic it no longer holds.
        if (state.error) this.hooks.logEvent({ type: 'capture-failed', bytes: state.bytes, error: loggedError(state.error) });
      },
      setReceivePaused: (paused) => this.hooks.setReceivePaused(paused),
    });
    if (!opened.ok) {
      const event: CaptureStateEvent = { sessionId, active: false, path, bytes: 0, pendingBytes: 0, error: opened.error };
      // The capture already running (if any) carries on: it stays the one a snapshot describes.
      if (!this.capture) this.lastCapture = event;
      emit('capture.state', event);
      return opened;
    }
    opening.file = opened.value;
    if (this.isClosed) {
      await opened.value.close();
      return fail('NOT_OPEN', 'The session closed while the capture file was opening', { sessionId });
    }
    const previous = this.capture;
    this.capture = opened.value;
    if (previous) this.replacedCaptures.add(previous);
    await previous?.close();
    return ok({ path });
  }

  async stopCapture(): Promise<Result<{ path: string; bytes: number }>> {
    const capture = this.capture;
    if (!capture) return fail('NOT_FOUND', 'No capture is running on this session', { sessionId: this.hooks.sessionId });
    this.capture = undefined;
    return ok(await capture.close());
  }

  /** Received bytes, exactly as counted: the capture file gets each of them once. */
  captureRx(chunk: Uint8Array): void {
    this.capture?.write(chunk);
  }

  /** `isDatagram`: UDP, so the file goes out as datagrams of `chunkSize` bytes; otherwise as a byte stream. */
  async sendFile(args: CommandArgs<'session.sendFile'>, isDatagram: boolean): Promise<Result<{ bytesSent: number; cancelled: boolean }>> {
    const { sessionId, emit } = this.hooks;
    const { path } = args;
    const target = targetOf(args);
    if (this.fileSender) return fail('QUEUE_FULL', 'A file is already being sent on this session', { path });
    const sender = new FileSender({
      path,
      framing: isDatagram
        ? { kind: 'datagrams', chunkSize: args.chunkSize ?? SESSION_TASK_LIMITS.defaultUdpChunkSize }
        : { kind: 'stream' },
      send: (bytes) => this.hooks.send({ sessionId, bytes, ...target }),
      onProgress: (progress) => {
        this.lastFileSend = { sessionId, path, ...progress };
        emit('send.progress', this.lastFileSend);
      },
    });
    this.fileSender = sender;
    try {
      return await sender.run();
    } finally {
      if (this.fileSender === sender) this.fileSender = undefined;
    }
  }

  cancelSendFile(): void {
    this.fileSender?.cancel();
  }

  snapshot(): TaskSnapshot {
    return { repeat: this.lastRepeat, capture: this.lastCapture, fileSend: this.lastFileSend };
  }

  /**
   * The user (or the engine) is closing the session, whose socket is still up: a file send stops handing out
   * pieces, and the pieces already in the socket get up to a second to leave, so its answer and final progress
   * (both failing with `error`, "the session was closed") count exactly what the peer gets. Resolves then.
   */
  beforeClose(error: AppError): Promise<void> {
    return this.fileSender?.stop(error) ?? Promise.resolve();
  }

  /**
   * The session closed: the cyclic send stops ('closed'), the capture file is flushed and closed, and a file send
   * still running fails with `error` (why the session ended: closed, reset…), not with the "not open" of its next
   * send.
   */
  close(error: AppError): Promise<void> {
    this.isClosed = true;
    void this.fileSender?.stop(error);
    // A reset is news (a send of this cyclic send may report it first, or not): it says so either way. The user's
    // own close is not.
    void this.repeat?.stop('closed', error.params?.reason === 'reset' ? error : undefined);
    this.repeat = undefined;
    const capture = this.capture;
    this.capture = undefined;
    return capture ? capture.close().then(() => undefined) : Promise.resolve();
  }
}

/**
 * Where a task's sends go, as its command said: the UDP target, the TCP server's client(s), a relay's side. Absent
 * fields stay absent.
 */
function targetOf(args: Pick<SendArgs, 'to' | 'client' | 'clients' | 'toward'>): Pick<SendArgs, 'to' | 'client' | 'clients' | 'toward'> {
  const { to, client, clients, toward } = args;
  return {
    ...(to ? { to } : {}),
    ...(client !== undefined ? { client } : {}),
    ...(clients !== undefined ? { clients } : {}),
    ...(toward !== undefined ? { toward } : {}),
  };
}
