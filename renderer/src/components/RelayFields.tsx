import { RELAY_TRANSPORTS, type RelayTransport } from '@shared/contract/relay';
import { useT } from '../i18n/lang-store';
import { useTab } from '../store/tab-context';
import { FieldError, useHasError } from './FieldError';
import { LocalAddressCombo, LocalAddressHint } from './LocalAddressCombo';
import { PairFieldLabel } from './PairFieldLabel';

/**
 * 转发 (relay): the transport and the cap, where clients connect (listen address and port), and the server every pair
 * forwards to; UDP adds the idle time-out of a mapping. Numbered on from the protocol select, in the order a user
 * fills them in.
 */
export function RelayFields({ locked }: { readonly locked: boolean }) {
  const t = useT();
  const transport = useTab((s) => s.relayTransport);
  const setTransport = useTab((s) => s.setRelayTransport);
  const maxClients = useTab((s) => s.maxClients);
  const setMaxClients = useTab((s) => s.setMaxClients);
  const localPort = useTab((s) => s.localPort);
  const setLocalPort = useTab((s) => s.setLocalPort);
  const remoteHost = useTab((s) => s.remoteHost);
  const setRemoteHost = useTab((s) => s.setRemoteHost);
  const remotePort = useTab((s) => s.remotePort);
  const setRemotePort = useTab((s) => s.setRemotePort);
  const idleTimeout = useTab((s) => s.relayIdleTimeout);
  const setIdleTimeout = useTab((s) => s.setRelayIdleTimeout);
  const isUdp = transport === 'udp';
  // Every hook before the UDP-only field: switching the transport must not change how many hooks run.
  const invalid = {
    maxClients: useHasError('maxClients'),
    localPort: useHasError('localPort'),
    idleTimeout: useHasError('relayIdleTimeout'),
    remoteHost: useHasError('remoteHost'),
    remotePort: useHasError('remotePort'),
  };
  return (
    <>
      {/* Side by side, as the other kinds' ports are: the relay has the most fields and must fit a 720 px window. */}
      <div className="field-pair">
        <label className="field">
          <PairFieldLabel text={t('relay.transport')} />
          <select
            data-testid="relay-transport"
            value={transport}
            disabled={locked}
            title={locked ? t('net.lockedWhileOpen') : undefined}
            onChange={(e) => setTransport(RELAY_TRANSPORTS.find((known) => known === e.target.value) ?? ('tcp' satisfies RelayTransport))}
          >
            {RELAY_TRANSPORTS.map((known) => (
              <option key={known} value={known}>
                {t(`relay.transport.${known}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field" title={t('relay.maxPairsTitle')}>
          <PairFieldLabel text={t('relay.maxPairs')} hint={t('relay.maxPairsTitle')} />
          <input
            data-testid="max-clients"
            inputMode="numeric"
            value={maxClients}
            placeholder="1000"
            disabled={locked}
            aria-invalid={invalid.maxClients}
            onChange={(e) => setMaxClients(e.target.value)}
          />
          <FieldError slot="maxClients" />
        </label>
      </div>
      <div className="field">
        <span className="field-label has-note">
          {t('relay.listenAddress')}
          <LocalAddressHint />
        </span>
        <LocalAddressCombo disabled={locked} />
        <FieldError slot="localAddress" />
      </div>
      <div className="field-pair">
        <label className="field" title={t('net.portAnyHint')}>
          <PairFieldLabel text={t('relay.listenPort')} hint={t('net.portAnyHint')} />
          <input
            data-testid="local-port"
            inputMode="numeric"
            value={localPort}
            disabled={locked}
            aria-invalid={invalid.localPort}
            onChange={(e) => setLocalPort(e.target.value)}
          />
          <FieldError slot="localPort" />
        </label>
        {isUdp && (
          <label className="field" title={t('relay.idleTimeoutTitle')}>
            <PairFieldLabel text={t('relay.idleTimeout')} hint={t('relay.idleTimeoutTitle')} />
            <input
              data-testid="relay-idle-timeout"
              inputMode="numeric"
              value={idleTimeout}
              placeholder="60"
              disabled={locked}
              aria-invalid={invalid.idleTimeout}
              onChange={(e) => setIdleTimeout(e.target.value)}
            />
            <FieldError slot="relayIdleTimeout" />
          </label>
        )}
      </div>
      <div className="field-pair relay-server">
        <label className="field">
          <PairFieldLabel text={t('relay.serverHost')} />
          <input
            data-testid="remote-host"
            value={remoteHost}
            disabled={locked}
            spellCheck={false}
            aria-invalid={invalid.remoteHost}
            onChange={(e) => setRemoteHost(e.target.value)}
          />
          <FieldError slot="remoteHost" />
        </label>
        <label className="field">
          <PairFieldLabel text={t('relay.serverPort')} />
          <input
            data-testid="remote-port"
            inputMode="numeric"
            value={remotePort}
            disabled={locked}
            aria-invalid={invalid.remotePort}
            onChange={(e) => setRemotePort(e.target.value)}
          />
          <FieldError slot="remotePort" />
        </label>
      </div>
    </>
  );
}

/** 暂停转发 / 继续转发: pressed while forwarding is paused; its tooltip says what pausing does for the transport. */
export function RelayPauseToggle() {
  const t = useT();
  const isOpen = useTab((s) => s.sessionState === 'open');
  const isPaused = useTab((s) => s.relayPaused);
  const isPausing = useTab((s) => s.isRelayPausing);
  const transport = useTab((s) => s.relayTransport);
  const toggle = useTab((s) => s.toggleRelayPause);
  return (
    <>
      <button
        type="button"
        className={`relay-pause ${isPaused ? 'is-paused' : ''}`}
        data-testid="relay-pause"
        aria-pressed={isPaused}
        disabled={!isOpen || isPausing}
        title={t(transport === 'udp' ? 'relay.pauseTitle.udp' : 'relay.pauseTitle.tcp')}
        onClick={() => void toggle()}
      >
        {t(isPaused ? 'relay.resume' : 'relay.pause')}
      </button>
      <FieldError slot="relayPause" />
    </>
  );
}
