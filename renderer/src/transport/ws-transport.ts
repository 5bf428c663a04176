import { fail, type Result } from '@shared/contract/errors';
import type { CommandArgs, CommandName, CommandResult } from '@shared/contract/commands';
import { isEventName, type EventName, type EventPayloads } from '@shared/contract/events';
import { WS_PATH } from '@shared/contract/transport';
import { decodeWireMessage, encodeWireMessage, type WireMessage } from '@shared/wire/wire-codec';
import { TRANSPORT_REASONS } from '../i18n/localize-error';
import type { HostLinkState, RendererTransport } from './host-link';
import { asResult } from './result-shape';

/** The parts of `location` the transport reads; a parameter so tests and other hosts can supply their own. */
export interface PageLocation {
  readonly protocol: string;
  readonly host: string;
  readonly search: string;
}

export function wsUrlFor(location: PageLocation): string | undefined {
  const token = new URLSearchParams(location.search).get('token');
  if (!token) return undefined;
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}${WS_PATH}?token=${encodeURIComponent(token)}`;
}

type Pending = (result: Result<unknown>) => void;

/**
 * Transport to the browser host: one WebSocket, binary messages in the shared wire format. `invoke` never
 * rejects: a missing token, a socket that never opens or one that drops all come back as INTERNAL errors whose
 * `params.reason` the UI turns into a sentence. Calls made while connecting wait for the socket.
 */
export function createWsTransport(location: PageLocation, WebSocketImpl: typeof WebSocket = WebSocket): RendererTransport {
  const url = wsUrlFor(location);
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const linkListeners = new Set<(state: HostLinkState) => void>();
  const pending = new Map<number, Pending>();
  const queued: Uint8Array[] = [];
  let nextId = 1;
  let state: HostLinkState = url ? 'connecting' : 'no-token';

  const setState = (next: HostLinkState): void => {
    if (state === next) return;
    state = next;
    for (const listener of linkListeners) listener(next);
  };

  const linkError = (): Result<never> =>
    state === 'no-token'
      ? fail('INTERNAL', 'Access token missing from the page address', { reason: TRANSPORT_REASONS.noToken })
      : fail('INTERNAL', 'The connection to the SocketDesk host is closed', { reason: TRANSPORT_REASONS.closed });

  let socket: WebSocket | undefined;
  if (url) {
    socket = new WebSocketImpl(url);
    socket.binaryType = 'arraybuffer';
    socket.addEventListener('open', () => {
      setState('open');
      for (const message of queued.splice(0)) socket?.send(message);
    });
    const onGone = (): void => {
      setState('closed');
      queued.length = 0;
      const waiting = [...pending.values()];
      pending.clear();
      for (const resolve of waiting) resolve(linkError());
    };
    socket.addEventListener('close', onGone);
    socket.addEventListener('error', onGone);
    socket.addEventListener('message', (event: MessageEvent) => {
      if (!(event.data instanceof ArrayBuffer)) return; // the host only speaks binary; text frames are not ours
      const decoded = decodeWireMessage(new Uint8Array(event.data));
      if (!decoded.ok) {
        console.warn('SocketDesk: dropped a malformed message from the host', decoded.error.message);
        return;
      }
      const message = decoded.value as WireMessage;
      if (message?.t === 'result') {
        const resolve = pending.get(message.id);
        if (resolve) {
          pending.delete(message.id);
          resolve(asResult(message.result, `#${message.id}`));
        }
      } else if (message?.t === 'event' && isEventName(message.name)) {
        for (const listener of listeners.get(message.name) ?? []) listener(message.payload);
      }
    });
  }

  return {
    invoke<K extends CommandName>(name: K, args: CommandArgs<K>): Promise<Result<CommandResult<K>>> {
      if (!socket || state === 'closed' || state === 'no-token') return Promise.resolve(linkError());
      const id = nextId++;
      const message = encodeWireMessage({ t: 'invoke', id, name, args } satisfies WireMessage);
      return new Promise((resolve) => {
        pending.set(id, resolve as Pending);
        if (state === 'open') socket?.send(message);
        else queued.push(message);
      });
    },
    on<E extends EventName>(name: E, listener: (payload: EventPayloads[E]) => void): () => void {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
    linkState: () => state,
    onLinkState(listener) {
      linkListeners.add(listener);
      return () => linkListeners.delete(listener);
    },
  };
}
