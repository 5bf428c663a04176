import { describe, expect, it } from 'vitest';
import { translate, type Lang } from '../i18n/i18n';
import { statusText, type StatusInput } from './status-text';
import { tabLabel, type TabLabelInput } from './tab-label';

const local = { address: '0.0.0.0', port: 15020, family: 'IPv4' as const };
const remote = { address: '10.0.0.2', port: 502, family: 'IPv4' as const };
const base: StatusInput = {
  protocol: 'relay',
  sessionState: 'open',
  sessionProtocol: 'relay',
  local,
  remote,
  closeReason: null,
  hostLink: 'open',
  localAddress: '0.0.0.0',
  localPort: '15020',
  remoteHost: '10.0.0.2',
  remotePort: '502',
  clientCount: 3,
  relayTransport: 'tcp',
  relayPaused: false,
};
const say = (lang: Lang, s: Partial<StatusInput> = {}) => statusText({ ...base, ...s }, (k, p) => translate(lang, k, p));

describe('a relay tab\'s status and label (issue 10)', () => {
  it('says where it listens, where it forwards, its pairs or mappings, and when it is paused', () => {
    expect(say('zh-CN')).toBe('转发 TCP 0.0.0.0:15020 → 10.0.0.2:502，3 对连接');
    expect(say('en', { relayTransport: 'udp', clientCount: 1, relayPaused: true })).toBe('Relay UDP 0.0.0.0:15020 → 10.0.0.2:502, 1 mapping (paused)');
    expect(say('en', { sessionState: 'opening' })).toBe('Relay opening 0.0.0.0:15020 → 10.0.0.2:502…');
  });

  it('is labelled by its listening port and its server', () => {
    const tab: TabLabelInput = { protocol: 'relay', sessionState: 'closed', sessionProtocol: null, local: null, remote: null, localPort: '15020', remoteHost: 'plc.local', remotePort: '502' };
    expect(tabLabel('', tab, (k, p) => translate('zh-CN', k, p))).toBe('转发 :15020 → plc.local:502');
    expect(tabLabel('', { ...tab, sessionState: 'open', sessionProtocol: 'relay', local, remote }, (k, p) => translate('en', k, p))).toBe('Relay :15020 → 10.0.0.2:502');
  });
});
