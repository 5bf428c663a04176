import { formatEndpoint } from '@shared/contract/endpoint';
import type { Translate } from '../i18n/i18n';
import type { TabState } from '../store/tab-state';

export type TabLabelInput = Pick<TabState, 'protocol' | 'sessionState' | 'sessionProtocol' | 'local' | 'remote' | 'localPort' | 'remoteHost' | 'remotePort'>;

/** What a tab is called when the user has not named it: its protocol and endpoint ("UDP :8080", "TCP Client 10.0.0.2:502"). */
export function tabLabel(title: string, s: TabLabelInput, t: Translate): string {
  if (title) return title;
  const protocol = s.sessionState === 'closed' ? s.protocol : (s.sessionProtocol ?? s.protocol);
  const name = t(`protocol.${protocol}`);
  if (protocol === 'relay') {
    // "转发 :8080 → 10.0.0.2:502": where clients connect, and where their bytes go.
    const port = s.sessionState !== 'closed' && s.local ? String(s.local.port) : s.localPort;
    const remote = s.sessionState !== 'closed' && s.remote ? formatEndpoint(s.remote) : hostPort(s.remoteHost, s.remotePort);
    return `${name} :${port} → ${remote}`;
  }
  if (protocol === 'tcp-client') {
    const remote = s.sessionState !== 'closed' && s.remote ? formatEndpoint(s.remote) : hostPort(s.remoteHost, s.remotePort);
    return `${name} ${remote}`;
  }
  const port = s.sessionState !== 'closed' && s.local ? String(s.local.port) : s.localPort;
  return `${name} :${port}`;
}

function hostPort(host: string, port: string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
