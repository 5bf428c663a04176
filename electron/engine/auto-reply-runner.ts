import { randomBytes } from 'node:crypto';
import {
  compileRules,
  formatEndpoint,
  ok,
  replyBytes,
  type AppError,
  type AutoReplyConfig,
  type AutoReplyRule,
  type AutoReplySnapshot,
  type AutoReplyState,
  type CompiledRule,
  type EventSink,
  type MatchFound,
  type Protocol,
  type Result,
  type RuleStats,
  type SessionLogEvent,
} from '@shared';
import { ReplyLoopGuard, type LoopGuardReport } from './reply-loop-guard';
import type { MessageObserver, ReceivedMessage, SendArgs } from './session';
import { Throttle } from './throttle';

/** Hit counts go to the page at most this often (ms) while rules hit: live, but not one event per message. */
const STATE_THROTTLE_MS = 250;

const random = (length: number): Uint8Array => randomBytes(length);

/** What the runner needs of its session. */
export interface AutoReplyHost {
  readonly sessionId: string;
  readonly kind: Protocol;
  readonly emit: EventSink;
  observeMessages(observer: MessageObserver): () => void;
  send(args: SendArgs, mark: CompiledRule['mark']): Promise<Result<{ bytesSent: number }>>;
  /** A TCP server's connected clients ("ip:port"). */
  clientKeys(): string[];
  /** A row in the session's log, in order with its traffic. */
  logEvent(event: SessionLogEvent): void;
}

/** A rule's counts as they change. */
interface MutableStats {
  hits: number;
  replies: number;
  /** Replies made (sent or on their way): {{counter}} of the next one. */
  made: number;
  failedSends: number;
  lastSendError: AppError | undefined;
  /** The run-time error that stopped the rule, and the rule as it was then (an edit gives it another chance). */
  failure: { readonly error: AppError; readonly rule: string } | undefined;
}

/**
 * 自动应答 of one session (DESIGN §3b): runs the rules on every whole message the session receives, in the engine,
 * so they keep up with the wire and keep answering while no page is attached. Rules are tried in order; each that is
 * on and matches counts a hit, replies (its payload or the message itself, to the sender, all clients or all
 * others, now or after its delay) and stops the list unless it says continue. Replies are sent with the rule's mark,
 * so their log rows name it; the loop guard caps them per second. A rule whose reply cannot be made at run time is
 * stopped with its error (log row + rules.state); the session and the other rules carry on.
 */
export class AutoReplyRunner {
  private config: AutoReplyConfig;
  private rules: readonly CompiledRule[] = [];
  private readonly stats = new Map<string, MutableStats>();
  private readonly guard: ReplyLoopGuard;
  private readonly delayed = new Set<NodeJS.Timeout>();
  private readonly stateThrottle: Throttle;
  private readonly stopObserving: () => void;
  private isDisposed = false;

  /** `config` must have passed compileRules for this session's kind (AutoReplyRunner.check). */
  private constructor(
    private readonly host: AutoReplyHost,
    config: AutoReplyConfig,
    rules: readonly CompiledRule[],
  ) {
    this.config = config;
    this.guard = new ReplyLoopGuard(config.maxRepliesPerSecond, (report) => this.onGuard(report));
    this.stateThrottle = new Throttle(STATE_THROTTLE_MS, () => this.emitState());
    this.adopt(config, rules);
    this.stopObserving = host.observeMessages((message) => this.onMessage(message));
  }

  /** A runner for `config`, or the first mistake in its rules (nothing runs then). */
  static start(host: AutoReplyHost, config: AutoReplyConfig): Result<AutoReplyRunner> {
    const rules = compileRules(config, host.kind);
    return rules.ok ? ok(new AutoReplyRunner(host, config, rules.value)) : rules;
  }

  /** New rules from now on, or the first mistake in them (the old ones keep running then). Counts stay by rule id. */
  set(config: AutoReplyConfig): Result<AutoReplyState> {
    const rules = compileRules(config, this.host.kind);
    if (!rules.ok) return rules;
    // Replies already waiting out their delay belong to the rules that made them: they still go.
    this.adopt(config, rules.value);
    this.guard.setLimit(config.maxRepliesPerSecond);
    this.stateThrottle.cancel();
    this.emitState();
    return ok(this.state());
  }

  snapshot(): AutoReplySnapshot {
    return { config: this.config, state: this.state() };
  }

  /** The session closed (or the engine shuts down): nothing more is sent, delayed replies are dropped. */
  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    this.stopObserving();
    this.stateThrottle.cancel();
    this.guard.dispose();
    for (const timer of this.delayed) clearTimeout(timer);
    this.delayed.clear();
  }

  private adopt(config: AutoReplyConfig, rules: readonly CompiledRule[]): void {
    this.config = config;
    this.rules = rules;
    const kept = new Map(this.stats);
    this.stats.clear();
    for (const { rule } of rules) {
      const before = kept.get(rule.id);
      const fingerprint = fingerprintOf(rule);
      this.stats.set(rule.id, {
        hits: before?.hits ?? 0,
        replies: before?.replies ?? 0,
        made: before?.made ?? 0,
        failedSends: before?.failedSends ?? 0,
        lastSendError: before?.lastSendError,
        // The same rule sent again (a page that re-attached) stays stopped; an edited one runs again.
        failure: before?.failure?.rule === fingerprint ? before.failure : undefined,
      });
    }
  }

  private onMessage(message: ReceivedMessage): void {
    if (!this.config.enabled) return;
    let hit = false;
    for (const rule of this.rules) {
      const stats = this.stats.get(rule.rule.id)!;
      if (!rule.rule.enabled || stats.failure) continue;
      const found = rule.match.test(message.bytes);
      if (!found) continue;
      stats.hits++;
      hit = true;
      this.reply(rule, stats, message, found);
      if (rule.rule.then === 'stop') break;
    }
    if (hit) this.stateThrottle.request();
  }

  private reply(rule: CompiledRule, stats: MutableStats, message: ReceivedMessage, found: MatchFound): void {
    if (!this.guard.allow()) return;
    // An echo reads neither the peer's name nor the clock: at wire speed every string and call per message counts.
    const peer = rule.reply ? formatEndpoint(message.peer) : '';
    const bytes = replyBytes(rule, message.bytes, found, peer, { now: rule.reply ? Date.now() : 0, replyIndex: stats.made, random });
    if (!bytes.ok) {
      this.stopRule(rule, stats, bytes.error);
      return;
    }
    stats.made++;
    const targets = this.targetsOf(rule, message);
    // All others with nobody else connected: there is no one to relay to, which is not a failure.
    if (!targets) return;
    const args: SendArgs = { sessionId: this.host.sessionId, bytes: bytes.value, ...targets };
    if (rule.rule.delayMs === 0) {
      this.send(rule, stats, args);
      return;
    }
    const timer = setTimeout(() => {
      this.delayed.delete(timer);
      this.send(rule, stats, args);
    }, rule.rule.delayMs);
    this.delayed.add(timer);
  }

  /** Where the reply goes, as session.send names it; undefined when nobody is to get it. */
  private targetsOf(rule: CompiledRule, message: ReceivedMessage): Pick<SendArgs, 'to' | 'client' | 'clients'> | undefined {
    const { kind } = this.host;
    if (kind === 'udp') return { to: { host: message.peer.address, port: message.peer.port } };
    if (kind === 'tcp-client') return {};
    const sender = formatEndpoint(message.peer);
    if (rule.rule.target === 'sender') return { client: sender };
    if (rule.rule.target === 'all') return { client: 'all' };
    const others = this.host.clientKeys().filter((key) => key !== sender);
    return others.length > 0 ? { clients: others } : undefined;
  }

  private send(rule: CompiledRule, stats: MutableStats, args: SendArgs): void {
    void this.host.send(args, rule.mark).then((sent) => {
      if (this.isDisposed) return;
      if (sent.ok) stats.replies++;
      else {
        stats.failedSends++;
        stats.lastSendError = sent.error;
      }
      this.stateThrottle.request();
    });
  }

  private stopRule(rule: CompiledRule, stats: MutableStats, error: AppError): void {
    stats.failure = { error, rule: fingerprintOf(rule.rule) };
    this.host.logEvent({ type: 'rule-disabled', rule: rule.rule.name, error });
    // At once: the user must see why the rule went quiet.
    this.stateThrottle.cancel();
    this.emitState();
  }

  private onGuard(report: LoopGuardReport): void {
    if (this.isDisposed) return;
    this.host.logEvent({ type: 'loop-guard', state: report.phase, limit: report.limit, dropped: report.dropped });
    this.stateThrottle.cancel();
    this.emitState();
  }

  private state(): AutoReplyState {
    const rules: RuleStats[] = this.rules.map(({ rule }) => {
      const stats = this.stats.get(rule.id)!;
      return {
        id: rule.id,
        hits: stats.hits,
        replies: stats.replies,
        failedSends: stats.failedSends,
        ...(stats.lastSendError ? { lastSendError: stats.lastSendError } : {}),
        ...(stats.failure ? { error: stats.failure.error } : {}),
      };
    });
    return { rules, loopGuard: this.guard.state() };
  }

  private emitState(): void {
    if (this.isDisposed) return;
    this.host.emit('rules.state', { sessionId: this.host.sessionId, ...this.state() });
  }
}

/** A rule's content: what makes it "the same rule" when the page sends the list again. */
function fingerprintOf(rule: AutoReplyRule): string {
  return JSON.stringify(rule);
}
