import type { AppError } from '@shared/contract/errors';
import type { SessionConfig } from '@shared/contract/session';
import { parseMaxClients, parsePort, requireHost, type FieldId } from '../validation/inputs';
import type { ConnectionSlice, SliceCreator, TabState } from './tab-state';
import { reconnectView, tasksEnded } from './tab-reducers';
import { tcpOptionsFromForm } from './tcp-options-form';
import { countersForNewSession } from './tab-counters';
import { framingFromForm } from './framing-form';
import { receiveBufferConfigOfForm, udpConfigOfForm } from './udp-addressing-form';
import { relayConfigFromForm } from './relay-slice';
import { autoReplyForOpen, autoReplyKey } from '../auto-reply/auto-reply-slice';

/** Builds the session config from the form, or lists every field that is wrong (each shown by its control). */
function configFromForm(s: TabState): { config?: SessionConfig; errors: Array<[FieldId | 'multicastTtl' | 'recvBuffer', AppError]> } {
  const errors: Array<[FieldId | 'multicastTtl' | 'recvBuffer', AppError]> = [];
  const check = <T>(field: FieldId | 'multicastTtl' | 'recvBuffer', r: { ok: true; value: T } | { ok: false; error: AppError }): T | undefined => {
    if (r.ok) return r.value;
    errors.push([field, r.error]);
    return undefined;
  };
  if (s.protocol === 'tcp-server') {
    const localAddress = check('localAddress', requireHost(s.localAddress, 'localAddress'));
    const localPort = check('localPort', parsePort(s.localPort, 'localPort', true));
    const maxClients = check('maxClients', parseMaxClients(s.maxClients));
    const tcp = tcpOptionsFromForm(s, 'tcp-server');
    errors.push(...tcp.errors);
    if (errors.length > 0 || localAddress === undefined || localPort === undefined) return { errors };
    return { config: { kind: 'tcp-server', localAddress, localPort, ...(maxClients === undefined ? {} : { maxClients }), ...tcp.options }, errors };
  }
  if (s.protocol === 'tcp-client') {
    const remoteHost = check('remoteHost', requireHost(s.remoteHost, 'remoteHost'));
    const remotePort = check('remotePort', parsePort(s.remotePort, 'remotePort', false));
    const localPort = s.clientLocalPort.trim() === '' ? undefined : check('clientLocalPort', parsePort(s.clientLocalPort, 'clientLocalPort', true));
    const tcp = tcpOptionsFromForm(s, 'tcp-client');
    errors.push(...tcp.errors);
    if (errors.length > 0 || remoteHost === undefined || remotePort === undefined) return { errors };
    return { config: { kind: 'tcp-client', remoteHost, remotePort, ...(localPort !== undefined && localPort > 0 ? { localPort } : {}), ...tcp.options }, errors };
  }
  const localAddress = check('localAddress', requireHost(s.localAddress, 'localAddress'));
  const localPort = check('localPort', parsePort(s.localPort, 'localPort', true));
  // 广播 / 组播: only what differs from the system's defaults.
  const addressing = check('multicastTtl', udpConfigOfForm(s));
  const receiveBuffer = check('recvBuffer', receiveBufferConfigOfForm(s));
  if (errors.length > 0 || localAddress === undefined || localPort === undefined) return { errors };
  return { config: { kind: 'udp', localAddress, localPort, ...addressing, ...receiveBuffer }, errors };
}

export const createConnectionSlice: SliceCreator<ConnectionSlice> = (deps) => (set, get) => ({
  protocol: 'udp',
  // All interfaces, as NetAssist offers: a peer on the LAN reaches the socket without a second thought.
  localAddress: '0.0.0.0',
  localPort: '8080',
  remoteHost: '127.0.0.1',
  remotePort: '8080',
  clientLocalPort: '',
  maxClients: '',
  sessionState: 'closed',
  sessionId: null,
  sessionProtocol: null,
  local: null,
  remote: null,
  closeReason: null,

  setProtocol(protocol) {
    if (get().sessionState !== 'closed') return; // the select is disabled too; this guards keyboard/e2e paths
    set({ protocol });
  },
  setLocalAddress: (localAddress) => set({ localAddress }),
  setLocalPort: (localPort) => set({ localPort }),
  setRemoteHost: (remoteHost) => set({ remoteHost }),
  setRemotePort: (remotePort) => set({ remotePort }),
  setClientLocalPort: (clientLocalPort) => set({ clientLocalPort }),
  setMaxClients: (maxClients) => set({ maxClients }),

  async toggleOpen() {
    const s = get();
    // A TCP client retrying its connection is 'opening' too: the button stops it (and closes the session) at once.
    if (s.sessionId && (s.sessionState === 'open' || s.reconnect !== null)) {
      const sessionId = s.sessionId;
      const result = await deps.transport.invoke('session.close', { sessionId });
      // NOT_OPEN / NOT_FOUND: the engine already closed it; either way the session is gone for us.
      if (!result.ok && result.error.code !== 'NOT_OPEN' && result.error.code !== 'NOT_FOUND') {
        get().showError('open', result.error);
        return;
      }
      if (get().sessionId === sessionId && get().sessionState !== 'closed') {
        set({ sessionState: 'closed', clients: [], closeReason: null, reconnect: null, peerFinished: false, ...tasksEnded(get()) });
      }
      get().clearErrors();
      return;
    }
    if (s.sessionState === 'opening') return;

    const { config: formConfig, errors } = s.protocol === 'relay' ? relayConfigFromForm(s) : configFromForm(s);
    // TCP client and server: the 分帧 controls go with the config ('none' is left out: the engine's default). A
    // relay forwards bytes as they come, and UDP datagrams are messages already.
    const framing = formConfig && (formConfig.kind === 'tcp-client' || formConfig.kind === 'tcp-server') ? framingFromForm(s) : undefined;
    if (framing && !framing.ok) {
      get().showError('framing', framing.error);
      return;
    }
    const config =
      formConfig && (formConfig.kind === 'tcp-client' || formConfig.kind === 'tcp-server') && framing?.ok && framing.value.kind !== 'none'
        ? { ...formConfig, framing: framing.value }
        : formConfig;
    if (!config) {
      const fieldErrors = Object.fromEntries(errors);
      const [slot, error] = errors[0]!;
      set({ fieldErrors, notice: { kind: 'error', error, slot } });
      return;
    }
    // 自动应答 goes with the open, so the first message is answered too; a rule this kind cannot run stops it here.
    const autoReply = autoReplyForOpen(s, config.kind);
    if (!autoReply.ok) {
      get().showError('autoReply', autoReply.error);
      return;
    }
    get().clearErrors();
    // The previous session is gone; its late events (a trailing 'closed') must not be taken for the new one's.
    set({ sessionState: 'opening', sessionId: null, sessionProtocol: null, closeReason: null });
    const result = await deps.transport.invoke('session.open', { config, tabId: deps.tabId, ...(autoReply.value ? { autoReply: autoReply.value } : {}) });
    if (!result.ok) {
      set({ sessionState: 'closed' });
      get().showError('open', result.error);
      return;
    }
    const { sessionId, local, remote, retrying } = result.value;
    // The log's round-trip figures are the session's.
    deps.log.resetRoundTrip();
    set({
      // Retrying (a TCP client with reconnect on whose first connect failed): the session lives and retries.
      sessionState: retrying ? 'opening' : 'open',
      reconnect: retrying ? reconnectView(retrying) : null,
      peerFinished: false,
      sessionId,
      sessionProtocol: config.kind,
      local: local ?? null,
      remote: remote ?? null,
      clients: [],
      selectedClients: [],
      serverTarget: 'all',
      ...countersForNewSession(get()),
      repeat: null,
      capture: null,
      fileSend: null,
      framingInForce: framing?.ok ? framing.value : null,
      relayPaused: false,
      autoReplyState: null,
      autoReplyInForce: autoReply.value ? autoReplyKey(autoReply.value) : null,
    });
    deps.workspace.claimSession(sessionId);
    // Said by the button, as any failed connect is: a mistyped address is not hidden behind the retries.
    if (retrying?.lastError) get().showError('open', retrying.lastError);
    // The controls may have changed while it opened: the session gets what they say now.
    await get().applyFraming();
    await get().applyAutoReply();
    await get().resumeCapture();
  },
});
