import { describe, expect, it } from 'vitest';
import type { SessionLogEvent } from '@shared/traffic/log-event';
import { relayInjectMark, relayMark } from '@shared/traffic/frame-mark';
import { formatEvent, formatHeader } from './format-row';

const say = (event: SessionLogEvent, lang: 'en' | 'zh-CN' = 'en'): string => formatEvent({ event }, lang);

describe('a relay\'s log rows (issue 10)', () => {
  it('say which side closed and how, and what the relay did to the other side, in both languages', () => {
    expect(say({ type: 'relay-side-closed', side: 'client', how: 'fin', endpoint: '127.0.0.1:5000' })).toBe('Client 127.0.0.1:5000 closed (FIN); passed on to the server');
    expect(say({ type: 'relay-side-closed', side: 'client', how: 'fin', endpoint: '127.0.0.1:5000' }, 'zh-CN')).toBe('客户端 127.0.0.1:5000 关闭了连接（FIN），已转告服务器');
    expect(say({ type: 'relay-side-closed', side: 'server', how: 'reset', endpoint: '127.0.0.1:9000' })).toBe(
      'The server 127.0.0.1:9000 reset the connection (RST); the client was reset too',
    );
    expect(say({ type: 'relay-side-closed', side: 'server', how: 'error', endpoint: '127.0.0.1:9000', code: 'EPIPE' }, 'zh-CN')).toBe('服务器 127.0.0.1:9000 连接出错（EPIPE），客户端已关闭');
  });

  it('say the server refused, and what the client had sent meanwhile', () => {
    expect(say({ type: 'relay-upstream-failed', transport: 'tcp', reason: 'refused', server: 'plc:502', heldBytes: 0 })).toBe(
      'The server plc:502 refused the connection; the client was reset (RST)',
    );
    expect(say({ type: 'relay-upstream-failed', transport: 'tcp', reason: 'timeout', server: 'plc:502', heldBytes: 1 }, 'zh-CN')).toBe(
      '连接服务器 plc:502 超时；已复位客户端（RST）。客户端在此期间发出的 1 字节未转发',
    );
    expect(say({ type: 'relay-upstream-failed', transport: 'udp', reason: 'refused', server: 'plc:502', heldBytes: 0 })).toMatch(/not listening .*ICMP/);
  });

  it('give a pair\'s totals when it ends, and the idle time-out of a UDP mapping', () => {
    expect(say({ type: 'relay-pair-closed', reason: 'done', clientToServer: 1, serverToClient: 1024 })).toBe(
      'Pair ended: both sides closed (client → server 1 byte, server → client 1,024 bytes)',
    );
    expect(say({ type: 'relay-pair-closed', reason: 'idle', clientToServer: 5, serverToClient: 8, idleMs: 60_000 }, 'zh-CN')).toBe(
      '映射已关闭：60 秒内两个方向都没有数据报（客户端→服务器 5 字节，服务器→客户端 8 字节）',
    );
  });

  it('say what pausing holds, and on resume what was delivered and what was dropped', () => {
    expect(say({ type: 'relay-paused', transport: 'udp', maxDatagrams: 1000, maxBytes: 4096 })).toBe(
      'Forwarding paused: datagrams are held in arrival order (up to 1,000 / 4,096 bytes); beyond that they are dropped and counted',
    );
    expect(say({ type: 'relay-resumed', transport: 'udp', delivered: 5, dropped: 3, droppedBytes: 6 })).toBe(
      'Forwarding resumed: 5 held datagrams delivered in order; 3 datagrams (6 bytes) dropped while paused',
    );
    expect(say({ type: 'relay-resumed', transport: 'tcp', delivered: 0, dropped: 0, droppedBytes: 0 }, 'zh-CN')).toBe('已继续转发');
    expect(say({ type: 'relay-refused', transport: 'tcp', count: 1, limit: 1 })).toBe('Refused 1 client connection: the relay already has its maximum of 1 client');
  });

  it('head each leg\'s rows with the leg, and injected rows with their own word', () => {
    const ts = new Date(2026, 10, 22, 10, 31, 5, 123).getTime();
    const peer = { address: '127.0.0.1', port: 5000, family: 'IPv4' as const };
    expect(formatHeader({ ts, dir: 'rx', peer }, 'zh-CN', { mark: relayMark('client-to-server'), length: 5 })).toBe(
      '[2026-11-22 10:31:05.123]# 接收 ← 127.0.0.1:5000 · 客户端 → 服务器 · 5 字节',
    );
    expect(formatHeader({ ts, dir: 'tx', peer }, 'en', { mark: relayMark('server-to-client'), length: 2 })).toBe('[2026-11-22 10:31:05.123]# SEND → 127.0.0.1:5000 · server → client · 2 B');
    expect(formatHeader({ ts, dir: 'rx', peer }, 'en', { mark: relayInjectMark('server'), length: 3 })).toBe('[2026-11-22 10:31:05.123]# INJECT 127.0.0.1:5000 · → server · 3 B');
    expect(formatHeader({ ts, dir: 'tx', peer }, 'zh-CN', { mark: relayInjectMark('client'), length: 3 })).toBe('[2026-11-22 10:31:05.123]# 注入 127.0.0.1:5000 · → 客户端 · 3 字节');
  });
});
