import { fail, type Result } from '@shared/contract/errors';
import type { CommandArgs, CommandName, CommandResult } from '@shared/contract/commands';
import { isEventName, type EventName, type EventPayloads } from '@shared/contract/events';
import { decodeWireMessage, encodeWireMessage, type WireMessage } from '@shared/wire/wire-codec';
import { TRANSPORT_REASONS } from '../i18n/localize-error';
import { backoffDelay, DEFAULT_BACKOFF, scheduleWithTimers, type BackoffPolicy, type Schedule } from './backoff';
import type { HostLinkState, RendererTransport } from './host-link';
import { pageToken, tokenCheckUrlFor, wsUrlFor, type PageLocation } from './page-address';
import { asResult } from './result-shape';
import { checkToken, type FetchLike } from './token-check';

export { wsUrlFor, type PageLocation } from './page-address';

/** Everything the transport takes from its surroundings; the defaults are the browser's. */
export interface WsTransportOptions {
  readonly WebSocketImpl?: typeof WebSocket;
  readonly fetch?: FetchLike;
  readonly schedule?: Schedule;
  /** [0, 1), for the back-off jitter. */
  readonly random?: () => number;
  readonly backoff?: BackoffPolicy;
}

type Pending = (result: Result<unknown>) => void;

/**
 * Transport to the browser host: one WebSocket at a time, binary messages in the shared wire format. The engine
 * keeps its sessions when the socket drops (issue 7), so the transport reconnects with back-off for as long as
 * the page lives; after an attempt that never opened it asks the host whether the token is stale, the one failure
 * no retry fixes. Re-attaching to the workspace after a reconnect is the caller's job (it watches for `open`).
 *
 * `invoke` never rejects: a missing or stale token, a link that is down or one that drops all come back as
 * INTERNAL errors whose `params.reason` the UI turns into a sentence. Calls made during the very first attempt
 * wait for it; calls made while reconnecting fail at once, since nobody knows when the host will be back.
 */
export function createWsTransport(location: PageLocation, options: WsTransportOptions = {}): RendererTransport {
  const WebSocketImpl = options.WebSocketImpl ?? WebSocket;
  const fetchImpl: FetchLike = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
  const schedule = options.schedule ?? scheduleWithTimers;
  const random = options.random ?? Math.random;
  const policy = options.backoff ?? DEFAULT_BACKOFF;
  const url = wsUrlFor(location);
  const token = pageToken(location);

  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const linkListeners = new Set<(state: HostLinkState) => void>();
  const pending = new Map<number, Pending>();
  const queued: Uint8Array[] = [];
  let nextId = 1;
  let state: HostLinkState = url ? 'connecting' : 'no-token';
  /** The socket of the current attempt, or the open one; undefined between attempts. */
  let socket: WebSocket | undefined;
  /** Failed attempts and drops since the last open: the back-off exponent. */
  let failures = 0;
  /** Cancels whatever waits to start the next attempt (the back-off timer or the token check). */
  let cancelWait: (() => void) | undefined;
  let disposed = false;

  const setState = (next: HostLinkState): void => {
    if (state === next) return;
    state = next;
    for (const listener of [...linkListeners]) listener(next);
  };

  const linkError = (): Result<never> => {
    if (state === 'no-token') return fail('INTERNAL', 'Access token missing from the page address', { reason: TRANSPORT_REASONS.noToken });
    if (state === 'bad-token') return fail('INTERNAL', 'The SocketDesk host rejected the page access token', { reason: TRANSPORT_REASONS.badToken });
    return fail('INTERNAL', 'The SocketDesk host cannot be reached', { reason: TRANSPORT_REASONS.closed });
  };

  const failPending = (): void => {
    queued.length = 0;
    const waiting = [...pending.values()];
    pending.clear();
    for (const resolve of waiting) resolve(linkError());
  };

  const onMessage = (event: MessageEvent): void => {
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
  };

  const retryLater = (): void => {
    if (disposed) return;
    const cancel = schedule(() => {
      cancelWait = undefined;
      connect();
    }, backoffDelay(failures++, policy, random));
    cancelWait = cancel;
  };

  /** One question per failed attempt: a 401 ends the retries, anything else (204, no answer) lets them go on. */
  const checkThenRetry = (): void => {
    if (disposed || !token) return;
    cancelWait = checkToken(fetchImpl, tokenCheckUrlFor(location, token), schedule, (verdict) => {
      cancelWait = undefined;
      if (verdict === 'rejected') setState('bad-token');
      else retryLater();
    });
  };

  /** The link is down: whatever waited on it fails now, and the next attempt is planned. */
  const lost = (wasOpen: boolean): void => {
    socket = undefined;
    setState('reconnecting');
    failPending();
    if (wasOpen) retryLater();
    else checkThenRetry();
  };

  function connect(): void {
    if (disposed || !url) return;
    let ws: WebSocket;
    try {
      ws = new WebSocketImpl(url);
    } catch {
      // A constructor that throws (a blocked or malformed address) is an attempt that failed.
      lost(false);
      return;
    }
    socket = ws;
    let opened = false;
    ws.binaryType = 'arraybuffer';
    ws.addEventListener('open', () => {
      if (socket !== ws) return;
      opened = true;
      failures = 0;
      // Calls queued during the first attempt go out before anyone hears `open`, so they keep their order
      // ahead of what listeners send in reaction (the store's workspace.attach).
      for (const message of queued.splice(0)) ws.send(message);
      setState('open');
    });
    // A failed socket fires `error` then `close`; only the first counts, and never for a socket given up on.
    const gone = (): void => {
      if (socket === ws) lost(opened);
    };
    ws.addEventListener('close', gone);
    ws.addEventListener('error', gone);
    ws.addEventListener('message', (event: MessageEvent) => {
      if (socket === ws) onMessage(event);
    });
  }

  connect();

  return {
    invoke<K extends CommandName>(name: K, args: CommandArgs<K>): Promise<Result<CommandResult<K>>> {
      if (state !== 'open' && state !== 'connecting') return Promise.resolve(linkError());
      const id = nextId++;
      const message = encodeWireMessage({ t: 'invoke', id, name, args } satisfies WireMessage);
      return new Promise((resolve) => {
        pending.set(id, resolve as Pending);
        if (state === 'open') socket?.send(message);
        else queued.push(message);
      });
    },
    on<E extends EventName>(name: E, listener: (payload: EventPayloads[E]) => void): () => void {
      // Kept by the transport, not the socket, so listeners hear the next socket's events after a reconnect.
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
    dispose() {
      if (disposed) return;
      disposed = true;
      cancelWait?.();
      cancelWait = undefined;
      const ws = socket;
      socket = undefined;
      // A token state already says why nothing works, and more precisely than `closed` would.
      if (state !== 'no-token' && state !== 'bad-token') setState('closed');
      failPending();
      ws?.close();
    },
    // The browser host shows no dialog (it may be another machine): the page browses with system.listDirectory.
    pathPicker: 'in-page',
  };
}
