import type { Protocol } from '@shared/contract/session';
import { PROTOCOLS } from '@shared/contract/session';
import { useT } from '../i18n/lang-store';
import { useTab } from '../store/tab-context';
import { isLinkDown } from '../workspace/host-status';
import { useWorkspace } from '../workspace/workspace-context';
import { FieldError, useHasError } from './FieldError';
import { GroupBox } from './GroupBox';
import { LocalAddressCombo, LocalAddressHint } from './LocalAddressCombo';
import { PairFieldLabel } from './PairFieldLabel';
import { UdpAddressing } from './UdpAddressing';
import { RelayFields, RelayPauseToggle } from './RelayFields';
import { TcpOptions } from './TcpOptions';

export function NetworkSettings() {
  const t = useT();
  const protocol = useTab((s) => s.protocol);
  const sessionState = useTab((s) => s.sessionState);
  const setProtocol = useTab((s) => s.setProtocol);
  const isClient = protocol === 'tcp-client';
  const locked = sessionState !== 'closed';

  return (
    <GroupBox title={t('group.network')} className="network-settings">
      <label className="field">
        <span className="field-label">{t('net.protocol')}</span>
        <select
          data-testid="protocol"
          value={protocol}
          disabled={locked}
          title={locked ? t('net.lockedWhileOpen') : undefined}
          onChange={(e) => setProtocol(e.target.value as Protocol)}
        >
          {PROTOCOLS.map((p) => (
            <option key={p} value={p}>
              {t(`protocol.${p}`)}
            </option>
          ))}
        </select>
      </label>
      {protocol === 'relay' ? <RelayFields locked={locked} /> : isClient ? <ClientFields locked={locked} /> : <ListenFields locked={locked} />}
      <TcpOptions />
      <OpenToggle />
      <UdpAddressing />
      {protocol === 'relay' && <RelayPauseToggle />}
    </GroupBox>
  );
}

function ListenFields({ locked }: { readonly locked: boolean }) {
  const t = useT();
  const isServer = useTab((s) => s.protocol === 'tcp-server');
  const localPort = useTab((s) => s.localPort);
  const setLocalPort = useTab((s) => s.setLocalPort);
  const portInvalid = useHasError('localPort');
  const portField = (
    <label className="field" title={t('net.portAnyHint')}>
      {isServer ? (
        <PairFieldLabel text={t('net.localPort')} hint={t('net.portAnyHint')} />
      ) : (
        <span className="field-label">
          {t('net.localPort')} <span className="hint">{t('net.portAnyHint')}</span>
        </span>
      )}
      <input
        data-testid="local-port"
        inputMode="numeric"
        value={localPort}
        disabled={locked}
        aria-invalid={portInvalid}
        onChange={(e) => setLocalPort(e.target.value)}
      />
      <FieldError slot="localPort" />
    </label>
  );
  return (
    <>
      <div className="field">
        <span className="field-label has-note">
          {t('net.localAddress')}
          <LocalAddressHint />
        </span>
        <LocalAddressCombo disabled={locked} />
        <FieldError slot="localAddress" />
        <FieldError slot="interfaces" />
      </div>
      {isServer ? (
        // Side by side, as the TCP client's ports are: the server column must fit a 720 px window too.
        <div className="field-pair">
          {portField}
          <MaxClientsField locked={locked} />
        </div>
      ) : (
        portField
      )}
    </>
  );
}

/** TCP server: the most clients it keeps at once; beyond it connections are refused, and the log says so. */
function MaxClientsField({ locked }: { readonly locked: boolean }) {
  const t = useT();
  const maxClients = useTab((s) => s.maxClients);
  const setMaxClients = useTab((s) => s.setMaxClients);
  return (
    <label className="field">
      <PairFieldLabel text={t('clients.max')} />
      <input
        data-testid="max-clients"
        inputMode="numeric"
        value={maxClients}
        placeholder={t('clients.maxPlaceholder')}
        disabled={locked}
        aria-invalid={useHasError('maxClients')}
        onChange={(e) => setMaxClients(e.target.value)}
      />
      <FieldError slot="maxClients" />
    </label>
  );
}

function ClientFields({ locked }: { readonly locked: boolean }) {
  const t = useT();
  const remoteHost = useTab((s) => s.remoteHost);
  const remotePort = useTab((s) => s.remotePort);
  const clientLocalPort = useTab((s) => s.clientLocalPort);
  const setRemoteHost = useTab((s) => s.setRemoteHost);
  const setRemotePort = useTab((s) => s.setRemotePort);
  const setClientLocalPort = useTab((s) => s.setClientLocalPort);
  return (
    <>
      <label className="field">
        <span className="field-label">{t('net.remoteHost')}</span>
        <input
          data-testid="remote-host"
          value={remoteHost}
          disabled={locked}
          spellCheck={false}
          aria-invalid={useHasError('remoteHost')}
          onChange={(e) => setRemoteHost(e.target.value)}
        />
        <FieldError slot="remoteHost" />
      </label>
      {/* Side by side: the client column has one field more than the others and must fit a 720 px tall window. */}
      <div className="field-pair">
        <label className="field">
          <PairFieldLabel text={t('net.remotePort')} />
          <input
            data-testid="remote-port"
            inputMode="numeric"
            value={remotePort}
            disabled={locked}
            aria-invalid={useHasError('remotePort')}
            onChange={(e) => setRemotePort(e.target.value)}
          />
          <FieldError slot="remotePort" />
        </label>
        <label className="field">
          <PairFieldLabel text={t('net.clientLocalPort')} />
          <input
            data-testid="client-local-port"
            inputMode="numeric"
            value={clientLocalPort}
            placeholder={t('net.clientLocalPortPlaceholder')}
            disabled={locked}
            aria-invalid={useHasError('clientLocalPort')}
            onChange={(e) => setClientLocalPort(e.target.value)}
          />
          <FieldError slot="clientLocalPort" />
        </label>
      </div>
    </>
  );
}

function OpenToggle() {
  const t = useT();
  const protocol = useTab((s) => s.protocol);
  const state = useTab((s) => s.sessionState);
  const toggleOpen = useTab((s) => s.toggleOpen);
  // Retrying a dropped connection (TCP client, reconnect on): the button stops it at once.
  const isRetrying = useTab((s) => s.reconnect !== null);
  const isHostDown = useWorkspace((s) => isLinkDown(s.hostLink) || s.isTakenOver);
  const isClient = protocol === 'tcp-client';
  const label = isRetrying
    ? t('net.disconnect')
    : state === 'opening'
      ? t(isClient ? 'net.connecting' : 'net.opening')
      : state === 'open'
        ? t(isClient ? 'net.disconnect' : 'net.close')
        : t(isClient ? 'net.connect' : 'net.open');
  return (
    <div className="open-row">
      <button
        type="button"
        data-testid="open-toggle"
        data-state={state}
        data-reconnecting={isRetrying ? 'true' : undefined}
        className={`open-toggle state-${state}${isRetrying ? ' is-retrying' : ''}`}
        title={isRetrying ? t('tcp.stopReconnect') : undefined}
        disabled={(state === 'opening' && !isRetrying) || isHostDown}
        onClick={() => void toggleOpen()}
      >
        <span className="led" aria-hidden="true" />
        {label}
      </button>
      <FieldError slot="open" />
    </div>
  );
}
