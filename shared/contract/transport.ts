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
}

/** Electron IPC channel names: one for commands, one for events. Event payloads are `{name, payload}`. */
export const IPC_INVOKE_CHANNEL = 'socketdesk:invoke';
export const IPC_EVENT_CHANNEL = 'socketdesk:event';

/** WebSocket path of the browser host; the token rides in the query string (`?token=`). */
export const WS_PATH = '/ws';

/**
 * Browser host: `GET TOKEN_CHECK_PATH?token=…` answers 204 when the token is the host's and 401 when it is not, so a
 * page whose WebSocket keeps failing can tell a stale token (the host restarted) from a host that is down.
 */
export const TOKEN_CHECK_PATH = '/api/token-check';
