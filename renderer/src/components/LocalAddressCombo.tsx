import { useMemo } from 'react';
import { useT } from '../i18n/lang-store';
import { useTab } from '../store/tab-context';
import { useWorkspace } from '../workspace/workspace-context';
import { useHasError } from './FieldError';

/** Always offered, whatever the interface list says: all IPv4, all IPv6, and loopback. */
const WILDCARDS = ['0.0.0.0', '::', '127.0.0.1', '::1'];

/**
 * 本地主机地址: a text field (any address can be typed) with a drop-down of this machine's addresses.
 * A plain <datalist> would filter its list by what is already typed, hiding the other addresses.
 */
export function LocalAddressCombo({ disabled }: { readonly disabled: boolean }) {
  const t = useT();
  const localAddress = useTab((s) => s.localAddress);
  const interfaces = useWorkspace((s) => s.interfaces);
  const setLocalAddress = useTab((s) => s.setLocalAddress);
  const invalid = useHasError('localAddress');
  const options = useMemo(() => {
    const seen = new Set<string>();
    const list: Array<{ address: string; label: string }> = [];
    const add = (address: string, label: string): void => {
      if (seen.has(address)) return;
      seen.add(address);
      list.push({ address, label });
    };
    for (const address of WILDCARDS) add(address, address);
    for (const nic of interfaces) add(nic.address, `${nic.address}  (${nic.name})`);
    return list;
  }, [interfaces]);

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
        {options.map((o) => (
          <option key={o.address} value={o.address}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
