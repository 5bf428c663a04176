import type { CommandArgs, CommandName, CommandResult, Result } from '@shared';
import { Engine, type EngineOptions } from '../engine';
import { WorkspaceHost, type WorkspacePage } from '../workspace-host';
import { RecordedEvents } from './recorded-events';

/** One page of a workspace: records (and acks) what reaches it, as a renderer would. */
export class PageHarness extends RecordedEvents {
  readonly page: WorkspacePage;

  constructor(workspace: WorkspaceHost) {
    super();
    this.page = workspace.connect((name, payload) => this.onEvent(name, payload));
  }

  invoke<K extends CommandName>(name: K, args: CommandArgs<K>): Promise<Result<CommandResult<K>>> {
    return this.page.handle(name, args);
  }

  /** The page's socket closed or its window reloads. */
  disconnect(): void {
    this.page.disconnect();
  }
}

/** A WorkspaceHost on a real Engine, and the pages a test connects to it. */
export class WorkspaceHarness {
  readonly workspace: WorkspaceHost;

  constructor(options: EngineOptions = {}) {
    this.workspace = new WorkspaceHost((sink) => new Engine(sink, options));
  }

  connect(): PageHarness {
    return new PageHarness(this.workspace);
  }

  dispose(): Promise<void> {
    return this.workspace.dispose();
  }
}
