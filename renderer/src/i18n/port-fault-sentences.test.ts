import { describe, expect, it } from 'vitest';
import type { AppError } from '@shared/contract/errors';
import { localizeError } from './localize-error';

/*
 * Issue 11, faults survived: ports. The sentences a user reads for the errors the engine's fault tests see it make
 * (electron/engine/faults/port-faults.test.ts: the same codes and params), in both languages.
 */
describe('what a refused port or an oversize datagram says', () => {
  const cases: Array<[string, AppError, string, string]> = [
    ['a port in use', { code: 'EADDRINUSE', message: 'x', params: { address: '127.0.0.1', port: 40_123 } }, 'Port 40123 is already in use', '端口 40123 已被占用'],
    [
      'a privileged port for a user without the rights',
      { code: 'EACCES', message: 'x', params: { address: '127.0.0.1', port: 80 } },
      'Permission denied for port 80 (ports below 1024 may need administrator rights)',
      '没有权限使用端口 80（1024 以下的端口可能需要管理员权限）',
    ],
    ['a refused connect', { code: 'ECONNREFUSED', message: 'x', params: { host: '127.0.0.1', port: 9 } }, 'Connection refused: nothing is listening on 127.0.0.1:9', '连接被拒绝：127.0.0.1:9 没有在监听'],
    [
      'a datagram over the IPv4 limit',
      { code: 'TOO_LARGE', message: 'x', params: { size: 65_508, max: 65_507, family: 'IPv4', reason: 'udpDatagram' } },
      'A UDP datagram over IPv4 carries at most 65,507 bytes; this one is 65,508 bytes. Nothing was sent',
      'IPv4 的 UDP 数据报最多 65,507 字节，本次为 65,508 字节，未发送',
    ],
    [
      'a datagram over the IPv6 limit',
      { code: 'TOO_LARGE', message: 'x', params: { size: 200_000, max: 65_527, family: 'IPv6', reason: 'udpDatagram' } },
      'A UDP datagram over IPv6 carries at most 65,527 bytes; this one is 200,000 bytes. Nothing was sent',
      'IPv6 的 UDP 数据报最多 65,527 字节，本次为 200,000 字节，未发送',
    ],
  ];

  it.each(cases)('%s', (_what, error, english, chinese) => {
    expect(localizeError(error, 'en')).toBe(english);
    expect(localizeError(error, 'zh-CN')).toBe(chinese);
  });
});
