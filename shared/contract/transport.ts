import type { CommandArgs, CommandName, CommandResult } from './commands';
import type { Result } from './errors';
import type { EventName, EventPayloads } from './events';

/**
 * How the renderer reaches an engine, whatever carries the messages (Electron IPC via the preload, or a
 * WebSocket to the browser host). `invoke` never rejects: transport failures come back as a Result too.
 */
export interface Transport {
  invoke<K extends CommandName>(name: K, args: CommandArgs<K>): Promise<Result<CommandResult<K>>>;
  on<E extends EventName>(name: E, listener: (payload: EventPayloads[E]) => void): () => void;
}

/** What the Electron preload exposes on `window.socketdesk`: untyped names, checked by the main process. */
export interface PreloadBridge {
  invoke(name: string, args: unknown): Promise<unknown>;
  on(name: string, listener: (payload: unknown) => void): () => void;
  /** Commands of the application menu (a click on one of its items); the preload passes on only valid ones. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
}

/**
 * Electron IPC channel names: one for commands, one for events (payloads `{name, payload}`), one for the
 * application menu's commands to the page (payload a MenuCommand), main → renderer only.
 */
export const IPC_INVOKE_CHANNEL = 'socketdesk:invoke';
export const IPC_EVENT_CHANNEL = 'socketdesk:event';
export const IPC_MENU_CHANNEL = 'socketdesk:menu';

/** Tab 1…8 of the menu (Ctrl/Cmd+1…8); the last tab has a command of its own, as Ctrl/Cmd+9 does. */
export type MenuTabPosition = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;
export const MENU_TAB_POSITIONS: readonly MenuTabPosition[] = [1, 2, 3, 4, 5, 6, 7, 8];

/** The menu commands that need no argument; the type is derived from the list so the guard below knows them all. */
const MENU_COMMAND_NAMES = ['tab.new', 'tab.close', 'tab.next', 'tab.previous', 'tab.last'] as const;

/** What an application-menu item asks the page to do: a closed list, the same actions as the tab shortcuts. */
export type MenuCommand = (typeof MENU_COMMAND_NAMES)[number] | { readonly position: MenuTabPosition };

/**
 * The MenuCommand in a message, or undefined for anything else. Next to the type so the two cannot drift; the
 * preload runs it on every message of IPC_MENU_CHANNEL (a message is data, whoever sent it). No zod here: the
 * sandboxed preload imports this file and may not pull in dependencies.
 */
export function parseMenuCommand(value: unknown): MenuCommand | undefined {
  if (typeof value === 'string') return MENU_COMMAND_NAMES.find((name) => name === value);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1 || keys[0] !== 'position') return undefined;
  const position = MENU_TAB_POSITIONS.find((p) => p === (value as { position: unknown }).position);
  return position === undefined ? undefined : { position };
}

/** WebSocket path of the browser host; the token rides in the query string (`?token=`). */
export const WS_PATH = '/ws';

/**
 * Browser host: `GET TOKEN_CHECK_PATH?token=…` answers 204 when the token is the host's and 401 when it is not, so a
 * page whose WebSocket keeps failing can tell a stale token (the host restarted) from a host that is down.
 */
export const TOKEN_CHECK_PATH = '/api/token-check';
