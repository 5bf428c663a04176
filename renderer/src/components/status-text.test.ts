import { describe, expect, it } from 'vitest';
import { translate, type Lang } from '../i18n/i18n';
import { statusText, type StatusInput } from './status-text';

const base: StatusInput = {
  protocol: 'udp',
  sessionState: 'closed',
  sessionProtocol: null,
  local: null,
  remote: null,
  closeReason: null,
  hostLink: 'open',
  localAddress: '127.0.0.1',
  localPort: '9000',
  remoteHost: '::1',
  remotePort: '80',
  clientCount: 0,
};
const say = (lang: Lang, s: Partial<StatusInput>) => statusText({ ...base, ...s }, (k, p) => translate(lang, k, p));
const local = { address: '127.0.0.1', port: 9000, family: 'IPv4' as const };
const remote = { address: '::1', port: 80, family: 'IPv6' as const };

describe('statusText', () => {
  it('describes each state in both languages', () => {
    expect(say('zh-CN', {})).toBe('未打开');
    expect(say('en', { sessionState: 'open', sessionProtocol: 'udp', local })).toBe('UDP open on 127.0.0.1:9000');
    expect(say('zh-CN', { sessionState: 'open', sessionProtocol: 'udp', local })).toBe('UDP 已打开 127.0.0.1:9000');
    expect(say('en', { protocol: 'tcp-client', sessionState: 'opening' })).toBe('TCP client connecting to [::1]:80…');
    expect(say('en', { protocol: 'tcp-client', sessionState: 'open', sessionProtocol: 'tcp-client', local, remote })).toBe(
      'TCP client connected to [::1]:80 (local 127.0.0.1:9000)',
    );
    expect(say('en', { protocol: 'tcp-server', sessionState: 'open', sessionProtocol: 'tcp-server', local, clientCount: 1 })).toBe(
      'TCP server listening on 127.0.0.1:9000, 1 connection',
    );
    expect(say('en', { protocol: 'tcp-server', sessionState: 'open', sessionProtocol: 'tcp-server', local, clientCount: 3 })).toContain('3 connections');
    expect(say('zh-CN', { sessionProtocol: 'tcp-client', closeReason: 'peer-closed' })).toBe('TCP 客户端已关闭：对方关闭了连接');
  });

  it('puts a broken host link first', () => {
    expect(say('en', { hostLink: 'closed', sessionState: 'open' })).toContain('connection to the SocketDesk host was lost');
    expect(say('zh-CN', { hostLink: 'no-token' })).toContain('缺少访问令牌');
  });
});
