import { fail, type Result } from '@shared/contract/errors';
import type { CommandArgs, CommandName, CommandResult } from '@shared/contract/commands';
import type { EventName, EventPayloads } from '@shared/contract/events';
import type { PreloadBridge } from '@shared/contract/transport';
import type { RendererTransport } from './host-link';
import { asResult } from './result-shape';

/** Transport over Electron IPC, through the contract the preload exposes as `window.socketdesk`. */
export function createIpcTransport(bridge: PreloadBridge): RendererTransport {
  return {
    async invoke<K extends CommandName>(name: K, args: CommandArgs<K>): Promise<Result<CommandResult<K>>> {
      try {
        return asResult<CommandResult<K>>(await bridge.invoke(name, args), name);
      } catch (error) {
        return fail('INTERNAL', `IPC call ${name} failed`, undefined, error instanceof Error ? error.message : String(error));
      }
    },
    on<E extends EventName>(name: E, listener: (payload: EventPayloads[E]) => void): () => void {
      // The main process only emits contract events, each with the payload type of its name.
      return bridge.on(name, (payload) => listener(payload as EventPayloads[E]));
    },
    // Electron IPC has no link to lose: the engine lives in the same app, so the state never changes.
    linkState: () => 'open',
    onLinkState: () => () => undefined,
    // Nothing to stop: there are no retries, and each `on` subscription is ended by the function it returned.
    dispose: () => undefined,
    // The preload hands on only valid commands (it checks each message where it arrives).
    onMenuCommand: (listener) => bridge.onMenuCommand(listener),
    // The main process answers system.pickPath with the OS's dialog over this window.
    pathPicker: 'native',
  };
}
