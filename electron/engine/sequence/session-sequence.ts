import { compileSequence, ok, type CloseReason, type CommandArgs, type Result, type SequenceRunSnapshot } from '@shared';
import { SequenceRun, type SequenceHost, type SequenceTarget } from './sequence-run';

/**
 * A session's 测试序列: at most one run at a time (a new run replaces the one going, which ends as stopped), and
 * the last run kept after it ended, so a page that attaches later still shows its results (SessionSnapshot).
 */
export class SessionSequence {
  private run: SequenceRun | undefined;
  private lastRunId = 0;

  constructor(private readonly host: SequenceHost) {}

  /** Checks the sequence (INVALID_ARGUMENT naming the step and field) and starts it; nothing runs on bad input. */
  start(args: CommandArgs<'session.sequence.run'>): Result<{ runId: number }> {
    const compiled = compileSequence(args.sequence, args.encoding ?? 'utf-8');
    if (!compiled.ok) return compiled;
    this.run?.stop();
    const { to, client, clients } = args.target;
    const target: SequenceTarget = { ...(to ? { to } : {}), ...(client !== undefined ? { client } : {}), ...(clients !== undefined ? { clients } : {}) };
    const run = new SequenceRun(this.host, compiled.value, target, ++this.lastRunId);
    this.run = run;
    run.start();
    return ok({ runId: run.runId });
  }

  /** Ends the run going (its sequence.done has gone out when this returns); nothing when none is. */
  stop(): void {
    this.run?.stop();
  }

  /** The session closed: the run going ends as 'closed' with the reason, before the session's closed state. */
  close(reason: CloseReason): void {
    this.run?.close(reason);
  }

  snapshot(): SequenceRunSnapshot | undefined {
    return this.run?.snapshot();
  }
}
