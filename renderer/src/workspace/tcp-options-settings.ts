import { SETTINGS_LIMITS, type TabSettings } from '@shared/contract/settings';
import { DEFAULT_TCP_OPTIONS_FORM, TCP_OPTIONS_FORM_KEYS, type TcpOptionsForm } from '../store/tcp-options-form';

type SavedTcpOptions = NonNullable<TabSettings['tcp']>;

const clip = (text: string): string => text.slice(0, SETTINGS_LIMITS.fieldChars);

/**
 * A tab's TCP options as the workspace file keeps them (issue 10), the back-off as typed. Left out while all are at
 * their defaults, so the files of tabs that never touched them stay as they were.
 */
export function tcpSettingsOf(form: TcpOptionsForm): { readonly tcp?: SavedTcpOptions } {
  if (TCP_OPTIONS_FORM_KEYS.every((key) => form[key] === DEFAULT_TCP_OPTIONS_FORM[key])) return {};
  return {
    tcp: {
      keepAlive: form.tcpKeepAlive,
      noDelay: form.tcpNoDelay,
      reconnect: form.tcpReconnect,
      reconnectFirstS: clip(form.reconnectFirstS),
      reconnectMaxS: clip(form.reconnectMaxS),
    },
  };
}

/** The controls of a saved tab; a file without them (older, or never used) gets the defaults. */
export function tcpOptionsFormOf(saved: TabSettings['tcp']): TcpOptionsForm {
  if (saved === undefined) return DEFAULT_TCP_OPTIONS_FORM;
  return {
    tcpKeepAlive: saved.keepAlive,
    tcpNoDelay: saved.noDelay,
    tcpReconnect: saved.reconnect,
    reconnectFirstS: saved.reconnectFirstS,
    reconnectMaxS: saved.reconnectMaxS,
  };
}
