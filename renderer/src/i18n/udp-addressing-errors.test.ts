import { describe, expect, it } from 'vitest';
import type { AppError } from '@shared/contract/errors';
import { checkMulticastGroup } from '@shared/contract/udp-addressing';
import { localizeError } from './localize-error';

const error = (code: AppError['code'], params: AppError['params']): AppError => ({ code, message: 'english fallback', params });
/** The page's own check of a group (the one the hosts and the engine run too). */
const checked = checkMulticastGroup('10.0.0.1');

describe('the sentences of 广播 / 组播', () => {
  it.each<[string, AppError, string, string]>([
    [
      'broadcast off',
      error('EACCES', { reason: 'broadcastOff', host: '127.255.255.255', port: 9 }),
      '不允许发送到 127.255.255.255:9：向广播地址发送需要勾选"广播"',
      'Not allowed to send to 127.255.255.255:9: sending to a broadcast address needs the Broadcast option',
    ],
    [
      'a send refused with broadcast on',
      error('EACCES', { reason: 'send', host: '192.168.1.255', port: 9 }),
      '不允许发送到 192.168.1.255:9：被防火墙阻止，或系统不允许发往该目标',
      'Not allowed to send to 192.168.1.255:9: a firewall blocks it, or the system does not allow this target',
    ],
    [
      'not multicast (IPv4)',
      checked.ok ? error('INTERNAL', {}) : checked.error,
      '10.0.0.1 不是组播地址：IPv4 组播地址在 224.0.0.0/4 内（224.0.0.0 – 239.255.255.255）',
      '10.0.0.1 is not a multicast address: IPv4 multicast groups are in 224.0.0.0/4 (224.0.0.0 – 239.255.255.255)',
    ],
    [
      'not multicast (IPv6)',
      error('INVALID_ARGUMENT', { field: 'membership.group', reason: 'notMulticast', group: 'fe80::1', family: 'IPv6' }),
      'fe80::1 不是组播地址：IPv6 组播地址在 ff00::/8 内（以 ff 开头）',
      'fe80::1 is not a multicast address: IPv6 multicast groups are in ff00::/8 (they begin with ff)',
    ],
    [
      'an IPv6 group on an IPv4 socket',
      error('INVALID_ARGUMENT', { field: 'group', reason: 'multicastFamily', group: 'ff15::1', family: 'IPv6', address: '0.0.0.0' }),
      'ff15::1 是 IPv6 组播组，但本会话绑定在 IPv4 地址 0.0.0.0 上：请在 :: 上打开才能加入 IPv6 组',
      'ff15::1 is an IPv6 group, but this socket is bound to the IPv4 address 0.0.0.0: open it on :: to join IPv6 groups',
    ],
    [
      'an IPv4 group on an IPv6 socket',
      error('INVALID_ARGUMENT', { field: 'group', reason: 'multicastFamily', group: '239.1.2.3', family: 'IPv4', address: '::1' }),
      '239.1.2.3 是 IPv4 组播组，但本会话绑定在 IPv6 地址 ::1 上：请在 0.0.0.0 或 :: 上打开才能加入 IPv4 组',
      '239.1.2.3 is an IPv4 group, but this socket is bound to the IPv6 address ::1: open it on 0.0.0.0 or :: to join IPv4 groups',
    ],
    [
      'joined twice on an interface',
      error('INVALID_ARGUMENT', { field: 'group', reason: 'alreadyJoined', group: '239.1.2.3', interface: 'eth0' }),
      '已经加入过 239.1.2.3（eth0）',
      '239.1.2.3 is joined already (eth0)',
    ],
    ['not joined', error('NOT_FOUND', { field: 'group', reason: 'notJoined', group: '239.1.2.3' }), '没有加入 239.1.2.3（默认网卡）', '239.1.2.3 is not joined (default interface)'],
    [
      'an interface gone',
      error('EADDRNOTAVAIL', { field: 'interface', reason: 'interfaceGone', interface: 'usb0' }),
      '网卡 usb0 已不存在（或已没有地址）：请刷新网卡列表后重新选择',
      'Interface usb0 is not on this machine any more (or has no address): refresh the interface list and choose again',
    ],
    ['an interface without IPv4', error('EADDRNOTAVAIL', { field: 'interface', reason: 'interfaceNoAddress', interface: 'wg0', family: 'IPv4' }), '网卡 wg0 没有 IPv4 地址', 'Interface wg0 has no IPv4 address'],
    [
      'no multicast route',
      error('EADDRNOTAVAIL', { field: 'interface', reason: 'noMulticastInterface', group: '239.3.0.1' }),
      '系统找不到可以加入 239.3.0.1 的网卡（没有组播路由）：请选择一个网卡',
      'The system found no interface to join 239.3.0.1 on (no multicast route): choose an interface',
    ],
    ['too many groups', error('INVALID_ARGUMENT', { field: 'group', reason: 'tooManyGroups', max: 20 }), '一个会话最多加入 20 个组播组', 'A session joins at most 20 multicast groups'],
    [
      'a bad TTL (the host\'s schema)',
      error('INVALID_ARGUMENT', { field: 'options.multicastTtl', reason: 'multicastTtl', min: 0, max: 255 }),
      'TTL 必须是 0 到 255 的整数，留空为系统默认（1）',
      'The TTL must be a whole number from 0 to 255; empty = the system default (1)',
    ],
    ['a TCP session', error('INVALID_ARGUMENT', { field: 'sessionId', reason: 'notUdp' }), '广播和组播只适用于 UDP 会话', 'Broadcast and multicast are options of a UDP session'],
  ])('%s', (_what, appError, zh, en) => {
    expect(localizeError(appError, 'zh-CN')).toBe(zh);
    expect(localizeError(appError, 'en')).toBe(en);
  });
});
