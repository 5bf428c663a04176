import type { MenuCommand, Transport } from '@shared/contract/transport';

/**
 * State of the link to the host process. Over Electron IPC it is always `open` (there is no link to lose). Over
 * WebSocket the engine outlives the page's socket (issue 7), so a drop is worth retrying:
 * - `connecting`: the very first attempt; calls made now wait for it.
 * - `open`: calls go straight out.
 * - `reconnecting`: the socket dropped, or an attempt failed, and the transport is retrying with back-off; calls
 *   fail at once (the host is unreachable) rather than pile up for an unknown time.
 * - `no-token`: the page address has no token; nothing is tried.
 * - `bad-token`: the host answers but rejects the page's token (it restarted with a new one). No retry can fix
 *   that, only the address the host printed, so the transport stops.
 * - `closed`: the transport gave up for good because retrying is pointless (it was disposed).
 */
export type HostLinkState = 'connecting' | 'open' | 'reconnecting' | 'no-token' | 'bad-token' | 'closed';

/** A Transport plus what the UI needs to say about the link itself. */
export interface RendererTransport extends Transport {
  linkState(): HostLinkState;
  /** Called on every change of `linkState()`. Re-attaching the workspace on `open` is the caller's job. */
  onLinkState(listener: (state: HostLinkState) => void): () => void;
  /** Stops for good: no more attempts, pending calls fail, the state becomes `closed` (unless a token state). */
  dispose(): void;
  /**
   * The application menu's commands (New tab, Next tab, …), for a host that has an application menu: Electron.
   * Undefined over WebSocket (a browser tab has the browser's menu, not ours).
   */
  readonly onMenuCommand?: (listener: (command: MenuCommand) => void) => () => void;
  /**
   * How "Browse…" asks for a path on the host's machine (DESIGN §5):
   * - 'native': the host shows the OS's own file dialog (system.pickPath). Electron: its window is on the user's
   *   screen, and the dialog is parented to it.
   * - 'in-page': the page browses the host's file system in a dialog of its own (system.listDirectory). The browser
   *   host: the browser may be on another machine (--host), and even on the same one a dialog from a server
   *   process would open behind the browser or on no screen at all, so it has none, and refuses system.pickPath.
   * A property of the host, known from the transport alone: the page asks nothing before it draws the button.
   */
  readonly pathPicker: 'native' | 'in-page';
}
