import type { AppError } from '@shared/contract/errors';
import type { RelayConfig, RelaySide, RelayTransport } from '@shared/contract/relay';
import { parsePort, requireHost, type FieldId } from '../validation/inputs';
import { parseRelayIdleTimeout, parseRelayMaxPairs } from '../validation/relay-inputs';
import type { SliceCreator, TabState } from './tab-state';

/** 转发 (relay) tabs: the form fields of their own, the send box's side, and the pause toggle. */
export interface RelaySlice {
  /** TCP or UDP; locked while open, like the protocol. */
  readonly relayTransport: RelayTransport;
  /** UDP idle time-out in seconds, as typed; empty = 60 s. */
  readonly relayIdleTimeout: string;
  /** Where 发送 injects: toward the server or the client(s) (the client select picks which pairs). */
  readonly relayToward: RelaySide;
  /** The open relay's forwarding is paused (relay.pause), as the engine last said. */
  readonly relayPaused: boolean;
  /** A pause or resume is on its way to the engine. */
  readonly isRelayPausing: boolean;
  setRelayTransport(transport: RelayTransport): void;
  setRelayIdleTimeout(text: string): void;
  setRelayToward(side: RelaySide): void;
  /** 暂停转发 / 继续转发. */
  toggleRelayPause(): Promise<void>;
}

/** The relay config of the form, or every field that is wrong (each shown by its control). */
export function relayConfigFromForm(s: TabState): { config?: RelayConfig; errors: Array<[FieldId, AppError]> } {
  const errors: Array<[FieldId, AppError]> = [];
  const check = <T>(field: FieldId, r: { ok: true; value: T } | { ok: false; error: AppError }): T | undefined => {
    if (r.ok) return r.value;
    errors.push([field, r.error]);
    return undefined;
  };
  const localAddress = check('localAddress', requireHost(s.localAddress, 'localAddress'));
  const localPort = check('localPort', parsePort(s.localPort, 'localPort', true));
  const remoteHost = check('remoteHost', requireHost(s.remoteHost, 'remoteHost'));
  const remotePort = check('remotePort', parsePort(s.remotePort, 'remotePort', false));
  const maxClients = check('maxClients', parseRelayMaxPairs(s.maxClients));
  // The idle time-out matters to UDP only: a TCP relay does not refuse to open over a field it does not use.
  const idle = s.relayTransport === 'udp' ? check('relayIdleTimeout', parseRelayIdleTimeout(s.relayIdleTimeout)) : undefined;
  if (errors.length > 0 || localAddress === undefined || localPort === undefined || remoteHost === undefined || remotePort === undefined) return { errors };
  return {
    config: {
      kind: 'relay',
      transport: s.relayTransport,
      localAddress,
      localPort,
      remoteHost,
      remotePort,
      ...(maxClients === undefined ? {} : { maxClients }),
      ...(idle === undefined ? {} : { udpIdleTimeoutMs: idle }),
    },
    errors,
  };
}

export const createRelaySlice: SliceCreator<RelaySlice> = (deps) => (set, get) => ({
  relayTransport: 'tcp',
  relayIdleTimeout: '',
  relayToward: 'server',
  relayPaused: false,
  isRelayPausing: false,

  setRelayTransport(relayTransport) {
    if (get().sessionState !== 'closed') return; // the select is disabled too
    set({ relayTransport });
  },
  setRelayIdleTimeout: (relayIdleTimeout) => set({ relayIdleTimeout }),
  setRelayToward: (relayToward) => set({ relayToward }),

  async toggleRelayPause() {
    const { sessionId, sessionState, relayPaused, isRelayPausing } = get();
    if (!sessionId || sessionState !== 'open' || isRelayPausing) return;
    const paused = !relayPaused;
    set({ isRelayPausing: true });
    const result = await deps.transport.invoke('relay.pause', { sessionId, paused });
    set({ isRelayPausing: false });
    if (!result.ok) {
      get().showError('relayPause', result.error);
      return;
    }
    if (get().sessionId === sessionId) set({ relayPaused: paused });
    get().clearErrors();
  },
});
