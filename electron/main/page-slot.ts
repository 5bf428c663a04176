import type { EventSink } from '@shared';
import type { WorkspaceHost, WorkspacePage } from '../engine/workspace-host';

/**
 * The page shown in one window. Every document the window loads (the first, each reload, a recovery after a
 * renderer crash) is a new page of the app's one workspace: the old document's page disconnects when the next
 * one starts loading, so nothing more is sent to it, and the sessions wait, running, for the new document to
 * call workspace.attach.
 */
export class PageSlot {
  private page: WorkspacePage | undefined;

  constructor(
    private readonly workspace: WorkspaceHost,
    private readonly forward: EventSink,
  ) {}

  /** The current document's page, connected on its first command. */
  get(): WorkspacePage {
    this.page ??= this.workspace.connect(this.forward);
    return this.page;
  }

  /** The document is going away; its sessions stay in the workspace. */
  retire(): void {
    this.page?.disconnect();
    this.page = undefined;
  }
}
