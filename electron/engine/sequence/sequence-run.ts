import { randomBytes } from 'node:crypto';
import {
  evaluateSendSpec,
  formatEndpoint,
  sequenceMark,
  type CloseReason,
  type CompiledSequence,
  type CompiledStep,
  type Endpoint,
  type EventSink,
  type FrameMark,
  type Result,
  type SequenceFailure,
  type SequenceOutcome,
  type SequenceRunSnapshot,
  type SequenceSummary,
} from '@shared';
import { nowMs } from '../frame-bytes';
import type { MessageObserver, SendArgs } from '../session';
import { Throttle } from '../throttle';
import { MessageInbox, type InboxMessage } from './message-inbox';
import { SequenceResults } from './sequence-results';

/** A tx frame the session recorded: which peer got the bytes, when, and what produced them. */
export interface SentFrame {
  readonly peer: Endpoint;
  readonly ts: number;
  readonly mark: FrameMark | undefined;
}

export type SentObserver = (frame: SentFrame) => void;

/** What a run needs of its session. */
export interface SequenceHost {
  readonly sessionId: string;
  readonly emit: EventSink;
  /** The session's normal send path (logged and counted), with the run's mark on its tx rows. */
  send(args: SendArgs, mark: FrameMark): Promise<Result<{ bytesSent: number }>>;
  observeMessages(observer: MessageObserver): () => void;
  observeSent(observer: SentObserver): () => void;
}

/** Where the run's sends go, as session.send takes it. */
export type SequenceTarget = Pick<SendArgs, 'to' | 'client' | 'clients'>;

/** sequence.progress at most this often (ms): the page highlights the current step, it need not see every one. */
const PROGRESS_INTERVAL_MS = 100;
/**
 * Steps run back to back without giving the event loop a turn: a block of waits of 0 ms or of expects that match
 * kept messages would otherwise hold the engine's other sessions up.
 */
const STEPS_PER_TURN = 32;

const random = (length: number): Uint8Array => randomBytes(length);
const peerKey = (peer: Pick<Endpoint, 'address' | 'port'>): string => formatEndpoint(peer);

/** The last send: when its tx frames were recorded, per peer (a TCP server's send to all makes one per client). */
interface LastSend {
  readonly txTs: Map<string, number>;
  firstTs: number | undefined;
}

/**
 * One run of a 测试序列 on one session (DESIGN §3b: automation in the engine). Steps run in order; repeat blocks
 * run their steps `count` times. A send evaluates its SendSpec (templates count that step's sends: {{counter}} is
 * 1, 2, 3… across a repeat), sends it through the session with the run's mark and notes its tx frames' times. An
 * expect takes the first message, kept or arriving, that matches (and, with `samePeer`, comes from a peer the last
 * send went to); its latency is the match's rx frame time minus that send's tx frame time to that peer.
 *
 * Which messages an expect may see: those received since the exchange began, i.e. since the first send after the
 * previous expect (or since the run started). An answer that arrives during a wait, or after the second of two
 * sends, is still found; a late answer to an earlier exchange never passes a new one.
 *
 * The end is reported at once and exactly once (sequence.done), whether every step ran, a step failed, the user
 * stopped it or the session closed: `stop` and `close` finish the run synchronously, and the loop, when its
 * current await returns, sees it ended and does nothing more.
 */
export class SequenceRun {
  private readonly results: SequenceResults;
  private readonly inbox = new MessageInbox();
  private readonly startedAt = nowMs();
  private readonly startedAtMonotonic = performance.now();
  private readonly mark: FrameMark;
  private readonly sendCounts: number[];
  private readonly progress = new Throttle(PROGRESS_INTERVAL_MS, () => this.emitProgress());
  private readonly unobserve: Array<() => void>;
  private current: number | null = null;
  /** Repeat blocks the current step is inside (their repeat's index), outermost first. */
  private readonly openBlocks: number[] = [];
  private lastSend: LastSend | undefined;
  /** The send whose tx frames are being recorded now. */
  private collecting: LastSend | undefined;
  /** A send happened since the last expect: the next send continues the exchange instead of starting one. */
  private isExchangeOpen = false;
  /** Ends the await of the step running now (a wait's timer, an expect's wait, a send) when the run ends. */
  private interrupt: (() => void) | undefined;
  private summary: SequenceSummary | undefined;
  private resolveEnded!: () => void;
  readonly ended = new Promise<void>((resolve) => (this.resolveEnded = resolve));

  constructor(
    private readonly host: SequenceHost,
    private readonly sequence: CompiledSequence,
    private readonly target: SequenceTarget,
    readonly runId: number,
  ) {
    this.results = new SequenceResults(sequence.steps.length);
    this.mark = sequenceMark(sequence.name);
    this.sendCounts = sequence.steps.map(() => 0);
    this.unobserve = [
      host.observeMessages((message) => this.inbox.push(message)),
      host.observeSent((frame) => {
        if (!this.collecting || frame.mark !== this.mark) return;
        const key = peerKey(frame.peer);
        if (!this.collecting.txTs.has(key)) this.collecting.txTs.set(key, frame.ts);
        this.collecting.firstTs ??= frame.ts;
      }),
    ];
  }

  get isRunning(): boolean {
    return this.summary === undefined;
  }

  /** Runs to the end; never rejects. */
  start(): void {
    this.progress.request();
    void this.execute().catch((error: unknown) => {
      // A bug, not a user's failure: end the run as failed rather than leave it hanging, and say so on stderr.
      console.error('socketdesk engine: sequence run failed', error);
      this.end('failed');
    });
  }

  /** The user stopped it: it ends now, as 'stopped'. */
  stop(): void {
    this.end('stopped');
  }

  /** The session closed: the step running fails with the reason, and the run ends as 'closed'. */
  close(reason: CloseReason): void {
    if (!this.isRunning) return;
    if (this.current !== null) this.failStep(this.current, { kind: 'closed', reason });
    this.end('closed', reason);
  }

  snapshot(): SequenceRunSnapshot {
    return {
      runId: this.runId,
      name: this.sequence.name,
      running: this.isRunning,
      current: this.current,
      steps: this.results.all(),
      passed: this.results.passed,
      failed: this.results.failed,
      startedAt: this.startedAt,
      ...(this.summary ? { summary: this.summary } : {}),
    };
  }

  private async execute(): Promise<void> {
    const steps = this.sequence.steps;
    /** Passes left of each open block, innermost last (parallel to openBlocks). */
    const passesLeft: number[] = [];
    let sinceTurn = 0;
    let index = 0;
    while (this.isRunning) {
      // At the end of a block: run it again, or leave it (and maybe the blocks around it).
      while (this.openBlocks.length > 0) {
        const at = this.openBlocks[this.openBlocks.length - 1]!;
        const block = steps[at] as Extract<CompiledStep, { kind: 'repeat' }>;
        if (index < block.end) break;
        this.results.completePass(at);
        const left = passesLeft[passesLeft.length - 1]! - 1;
        if (left > 0) {
          passesLeft[passesLeft.length - 1] = left;
          this.results.beginPass(at);
          index = at + 1;
          break;
        }
        this.openBlocks.pop();
        passesLeft.pop();
        this.results.endRepeat(at);
      }
      if (index >= steps.length) break;
      const step = steps[index]!;
      if (step.kind === 'repeat') {
        this.openBlocks.push(index);
        passesLeft.push(step.count);
        this.results.beginPass(index);
        index += 1;
        continue;
      }
      if (++sinceTurn >= STEPS_PER_TURN) {
        sinceTurn = 0;
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (!this.isRunning) return;
      }
      const passed = await this.runStep(index, step);
      if (!this.isRunning) return;
      if (!passed && !this.sequence.continueOnFailure) {
        this.end('failed');
        return;
      }
      index += 1;
    }
    if (this.isRunning) this.end(this.results.failed > 0 ? 'failed' : 'passed');
  }

  /** One execution of a send, wait or expect step; false when it failed. */
  private async runStep(index: number, step: Exclude<CompiledStep, { kind: 'repeat' }>): Promise<boolean> {
    this.current = index;
    this.results.start(index);
    this.progress.request();
    const failure = await this.perform(index, step);
    if (!this.isRunning) return false;
    this.current = null;
    if (failure) this.failStep(index, failure);
    this.progress.request();
    return failure === undefined;
  }

  private async perform(index: number, step: Exclude<CompiledStep, { kind: 'repeat' }>): Promise<SequenceFailure | undefined> {
    switch (step.kind) {
      case 'send':
        return this.send(index, step);
      case 'wait': {
        let timer: NodeJS.Timeout | undefined;
        const elapsed = new Promise<void>((resolve) => (timer = setTimeout(resolve, step.ms)));
        await this.interruptible(elapsed, () => clearTimeout(timer));
        if (this.isRunning) this.results.pass(index, false);
        return undefined;
      }
      case 'expect':
        return this.expect(index, step);
    }
  }

  private async send(index: number, step: Extract<CompiledStep, { kind: 'send' }>): Promise<SequenceFailure | undefined> {
    if (!this.isExchangeOpen) this.inbox.clear();
    this.isExchangeOpen = true;
    const sendIndex = this.sendCounts[index]!;
    this.sendCounts[index] = sendIndex + 1;
    const bytes = evaluateSendSpec(step.payload, { sendIndex, now: Date.now(), random });
    if (!bytes.ok) return { kind: 'send', error: bytes.error };
    const sent: LastSend = { txTs: new Map(), firstTs: undefined };
    this.lastSend = sent;
    this.collecting = sent;
    const result = await this.interruptible(this.host.send({ sessionId: this.host.sessionId, bytes: bytes.value, ...this.target }, this.mark), undefined);
    if (this.collecting === sent) this.collecting = undefined;
    if (result === undefined) return undefined; // the run ended meanwhile
    if (!result.ok) return { kind: 'send', error: result.error };
    this.results.pass(index, false);
    return undefined;
  }

  private async expect(index: number, step: Extract<CompiledStep, { kind: 'expect' }>): Promise<SequenceFailure | undefined> {
    this.isExchangeOpen = false;
    const sent = this.lastSend;
    // A send that reached nobody (it failed, the run goes on) leaves no peer to insist on.
    const fromPeer = step.samePeer && sent !== undefined && sent.txTs.size > 0 ? sent.txTs : undefined;
    const test = (message: InboxMessage): boolean => (!fromPeer || fromPeer.has(peerKey(message.peer))) && step.match.test(message.bytes) !== undefined;
    const waiting = this.inbox.wait(test, step.timeoutMs);
    const outcome = await this.interruptible(waiting.result, waiting.cancel);
    if (outcome === undefined || outcome === 'cancelled') return undefined;
    if (outcome === 'timeout') return { kind: 'timeout', timeoutMs: step.timeoutMs };
    const txTs = sent ? (sent.txTs.get(peerKey(outcome.peer)) ?? sent.firstTs) : undefined;
    // Never below 0: an answer the socket delivered before the send's callback recorded its tx row is "at once".
    const latencyMs = txTs === undefined ? undefined : Math.max(0, outcome.ts - txTs);
    this.results.pass(index, true, latencyMs);
    return undefined;
  }

  /** `work`, or undefined as soon as the run ends; `cancel` undoes what waits for it (a timer, a waiter). */
  private interruptible<T>(work: Promise<T>, cancel: (() => void) | undefined): Promise<T | undefined> {
    return new Promise<T | undefined>((resolve) => {
      this.interrupt = () => {
        cancel?.();
        resolve(undefined);
      };
      void work.then((value) => {
        this.interrupt = undefined;
        resolve(value);
      });
    });
  }

  private failStep(index: number, failure: SequenceFailure): void {
    this.results.fail(index, failure);
    for (const at of this.openBlocks) this.results.failBlock(at);
  }

  private end(outcome: SequenceOutcome, closeReason?: CloseReason): void {
    if (!this.isRunning) return;
    this.results.finish(outcome);
    this.current = null;
    const latency = this.results.latency();
    this.summary = {
      name: this.sequence.name,
      outcome,
      ...(closeReason ? { closeReason } : {}),
      startedAt: this.startedAt,
      totalMs: performance.now() - this.startedAtMonotonic,
      stepsRun: this.results.stepsRun,
      passed: this.results.passed,
      failed: this.results.failed,
      latency,
      ...(this.results.firstFailure ? { firstFailure: this.results.firstFailure } : {}),
      steps: this.results.all(),
    };
    this.progress.cancel();
    for (const unobserve of this.unobserve) unobserve();
    this.collecting = undefined;
    const interrupt = this.interrupt;
    this.interrupt = undefined;
    interrupt?.();
    this.host.emit('sequence.done', { sessionId: this.host.sessionId, runId: this.runId, summary: this.summary });
    this.resolveEnded();
  }

  private emitProgress(): void {
    if (!this.isRunning) return;
    this.host.emit('sequence.progress', {
      sessionId: this.host.sessionId,
      runId: this.runId,
      current: this.current,
      changed: this.results.takeChanged(),
      passed: this.results.passed,
      failed: this.results.failed,
      elapsedMs: performance.now() - this.startedAtMonotonic,
    });
  }
}
