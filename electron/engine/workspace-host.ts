import { fail, type CommandArgs, type CommandName, type CommandResult, type EventSink, type Result } from '@shared';
import type { CommandHandler } from './command-dispatcher';

/** What the workspace needs of its engine (the Engine; a stub in tests of a host). */
export interface WorkspaceEngine extends CommandHandler {
  /** No page shows the sessions now; they keep running and counting (Engine.detachDisplay). */
  detachDisplay(): void;
  /** Closes every session. */
  dispose(): Promise<void>;
}

export type WorkspaceEngineFactory = (sink: EventSink) => WorkspaceEngine;

/**
 * Commands a page may still use once another page took the workspace over: they touch no session. Everything
 * else is refused with TAKEN_OVER, so a stale page cannot close or send on sessions another page now shows.
 */
const COMMANDS_WITHOUT_WORKSPACE: ReadonlySet<CommandName> = new Set<CommandName>(['system.interfaces', 'settings.load', 'settings.save', 'workspace.attach']);

/** One page connected to the workspace: a WebSocket of the browser host, one document of an Electron window. */
export interface WorkspacePage extends CommandHandler {
  /** The page went away (socket closed, window reloading or closed). Its sessions stay. Idempotent. */
  disconnect(): void;
}

/** A connected page as the workspace tracks it. */
interface PageState {
  status: 'new' | 'attached' | 'taken-over' | 'gone';
  readonly sink: EventSink;
}

/**
 * One workspace per host (DESIGN §4b): ONE engine for the host's life, and the pages that come and go. A page
 * hears the engine's events only after it called workspace.attach; a page that attaches takes the workspace
 * from the page attached before it, which gets `workspace.detached` and nothing more, and whose session
 * commands are answered TAKEN_OVER. When the attached page goes, the sessions carry on unseen (their traffic
 * is counted into a gap) until a page attaches again. Plain Node: both hosts use it.
 */
export class WorkspaceHost {
  private readonly engine: WorkspaceEngine;
  /** The page the engine's events go to; its status is 'attached'. */
  private attached: PageState | undefined;

  constructor(createEngine: WorkspaceEngineFactory) {
    this.engine = createEngine((name, payload) => this.attached?.sink(name, payload));
    // Nobody is attached until a page asks.
    this.engine.detachDisplay();
  }

  /** A new page; `sink` is where its events go once it attached. */
  connect(sink: EventSink): WorkspacePage {
    const page: PageState = { status: 'new', sink };
    return {
      handle: (name, args) => this.run(page, name, args),
      disconnect: () => this.disconnect(page),
    };
  }

  /** Closes every session and socket (host shutdown). Pages' later commands fail with the engine's NOT_OPEN. */
  dispose(): Promise<void> {
    this.attached = undefined;
    return this.engine.dispose();
  }

  private run<K extends CommandName>(page: PageState, name: K, args: CommandArgs<K>): Promise<Result<CommandResult<K>>> {
    // Its answer would go nowhere; above all it must not become the attached page.
    if (page.status === 'gone') return Promise.resolve(fail('NOT_OPEN', 'This page has disconnected from the workspace'));
    if (page.status === 'taken-over' && !COMMANDS_WITHOUT_WORKSPACE.has(name)) {
      return Promise.resolve(fail('TAKEN_OVER', 'Another page has taken over this workspace; reload this page to take it back'));
    }
    if (name === 'workspace.attach') this.attach(page);
    return this.engine.handle(name, args);
  }

  /** Before the engine's attach runs, so the events it emits from then on are the new page's. */
  private attach(page: PageState): void {
    const previous = this.attached;
    this.attached = page;
    page.status = 'attached';
    if (!previous || previous === page) return;
    previous.status = 'taken-over';
    try {
      previous.sink('workspace.detached', { reason: 'taken-over' });
    } catch (error) {
      // A page whose transport is gone cannot be told; the new page's attach must not fail for it.
      console.error('socketdesk workspace: could not tell a page it was taken over:', error);
    }
  }

  private disconnect(page: PageState): void {
    const wasAttached = this.attached === page;
    page.status = 'gone';
    if (!wasAttached) return;
    this.attached = undefined;
    this.engine.detachDisplay();
  }
}
