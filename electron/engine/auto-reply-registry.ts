import { ok, type AutoReplyConfig, type AutoReplySnapshot, type AutoReplyState, type EventSink, type Result } from '@shared';
import { AutoReplyRunner } from './auto-reply-runner';
import type { Session } from './session';

/**
 * The Engine's auto-reply runners, one per session that was given rules (session.open's `autoReply` or
 * session.rules.set). Kept beside the sessions, not in them: a session only offers its messages, its send with a
 * mark, its clients and its log (Session), and the rules run on those.
 */
export class AutoReplyRegistry {
  private readonly runners = new Map<string, AutoReplyRunner>();

  constructor(private readonly emit: EventSink) {}

  /** The session's rules from now on; the first mistake in them is the answer and changes nothing. */
  set(session: Session, config: AutoReplyConfig): Result<AutoReplyState> {
    const running = this.runners.get(session.id);
    if (running) return running.set(config);
    const started = AutoReplyRunner.start(
      {
        sessionId: session.id,
        kind: session.kind,
        emit: this.emit,
        observeMessages: (observer) => session.observeMessages(observer),
        send: (args, mark) => session.send(args, mark),
        clientKeys: () => session.clientKeys(),
        logEvent: (event) => session.logEvent(event),
      },
      config,
    );
    if (!started.ok) return started;
    this.runners.set(session.id, started.value);
    return ok(started.value.snapshot().state);
  }

  snapshot(sessionId: string): AutoReplySnapshot | undefined {
    return this.runners.get(sessionId)?.snapshot();
  }

  /** The session closed: its rules stop, replies waiting out a delay are dropped. */
  forget(sessionId: string): void {
    this.runners.get(sessionId)?.dispose();
    this.runners.delete(sessionId);
  }

  dispose(): void {
    for (const runner of this.runners.values()) runner.dispose();
    this.runners.clear();
  }
}

/** session.rules.set's args without the session id: the rule set itself. */
export function configOf(args: AutoReplyConfig & { readonly sessionId?: string }): AutoReplyConfig {
  return { enabled: args.enabled, rules: args.rules, maxRepliesPerSecond: args.maxRepliesPerSecond, encoding: args.encoding };
}
