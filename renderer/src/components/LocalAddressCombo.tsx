import { useMemo } from 'react';
import { translate, type MessageKey } from '../i18n/i18n';
import { useLang, useT } from '../i18n/lang-store';
import { useTab } from '../store/tab-context';
import { useWorkspace } from '../workspace/workspace-context';
import { useHasError } from './FieldError';
import { groupInterfaces, shownAddress } from './interface-list';
import { InterfacesRefresh } from './InterfacesRefresh';

/** Always offered, whatever the interface list says, each with what it means. */
const WELL_KNOWN: ReadonlyArray<readonly [string, MessageKey]> = [
  ['0.0.0.0', 'net.address.anyV4'],
  ['::', 'net.address.any'],
  ['127.0.0.1', 'net.address.loopback'],
  ['::1', 'net.address.loopbackV6'],
];

/** What a well-known address means ("all IPv4 interfaces"), or null for an ordinary one. */
export function addressMeaning(address: string): MessageKey | null {
  return WELL_KNOWN.find(([known]) => known === address.trim())?.[1] ?? null;
}

/**
 * 本地主机地址: a text field (any address can be typed) with a drop-down of this machine's addresses, grouped under
 * their interface, and ↻ to read the list again (an adapter plugged in since).
 * A plain <datalist> would filter its list by what is already typed, hiding the other addresses.
 */
export function LocalAddressCombo({ disabled }: { readonly disabled: boolean }) {
  const t = useT();
  const lang = useLang();
  const localAddress = useTab((s) => s.localAddress);
  const interfaces = useWorkspace((s) => s.interfaces);
  const setLocalAddress = useTab((s) => s.setLocalAddress);
  const invalid = useHasError('localAddress');
  // The well-known addresses, then each interface with its addresses under its name (an address listed as well
  // known already is still shown under its interface: that is where the user looks for it).
  const common = useMemo(() => WELL_KNOWN.map(([address, meaning]) => ({ address, label: `${address}  — ${translate(lang, meaning)}` })), [lang]);
  const nics = useMemo(() => groupInterfaces(interfaces), [interfaces]);

  return (
    <div className="combo">
      <input
        data-testid="local-address"
        aria-label={t('net.localAddress')}
        value={localAddress}
        disabled={disabled}
        spellCheck={false}
        aria-invalid={invalid}
        onChange={(e) => setLocalAddress(e.target.value)}
      />
      <select
        className="combo-pick"
        aria-label={t('net.pickAddress')}
        title={t('net.pickAddress')}
        value=""
        disabled={disabled}
        onChange={(e) => {
          if (e.target.value) setLocalAddress(e.target.value);
        }}
      >
        <option value="" disabled hidden />
        <optgroup label={t('net.address.common')}>
          {common.map((o) => (
            <option key={o.address} value={o.address}>
              {o.label}
            </option>
          ))}
        </optgroup>
        {nics.map((nic) => (
          <optgroup key={nic.name} label={nic.name} data-testid="interface-group">
            {nic.addresses.map((entry) => (
              <option key={entry.address} value={entry.address}>
                {shownAddress(entry.address)}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      <InterfacesRefresh testId="interfaces-refresh" slot="interfaces" />
    </div>
  );
}

/** What the typed address means ("all IPv4 interfaces"), for the field's label; nothing for an ordinary address. */
export function LocalAddressHint() {
  const t = useT();
  const meaning = useTab((s) => addressMeaning(s.localAddress));
  if (!meaning) return null;
  return (
    <span className="address-hint" data-testid="local-address-hint" title={t(meaning)}>
      {t(meaning)}
    </span>
  );
}
