import { describe, expect, it } from 'vitest';
import { formatEvent } from './format-row';

/*
 * A TCP server's send that reached the other clients and not this one: the row the engine writes for that client
 * (electron/engine/tcp-server-clients.test.ts makes it with a client that stops reading), as the user reads it.
 */
describe('a client that missed a send the others got, as its log row says it', () => {
  it('its queue is full: who, how much is waiting, and that later misses are not listed one by one, in both languages', () => {
    const row = {
      event: { type: 'client-send-failed' as const, error: { code: 'QUEUE_FULL' as const, params: { queued: 524_288, size: 262_144, max: 524_288, endpoint: '127.0.0.1:5000' } } },
    };
    expect(formatEvent(row, 'en')).toBe(
      'This client missed a send the other clients got — The peer 127.0.0.1:5000 is not reading: 524,288 bytes already waiting to go out (limit 524,288), ' +
        'so this send was refused; try again once it reads. Further sends it misses are not listed until one reaches it again',
    );
    expect(formatEvent(row, 'zh-CN')).toBe(
      '此客户端未收到其他客户端已收到的发送 — 对方 127.0.0.1:5000 未在读取：已有 524,288 字节等待发出（上限 524,288），本次发送被拒绝；请待对方读取后再试。在再次发送成功前，其后错过的发送不再逐条列出',
    );
  });

  it('it reset the connection mid-send', () => {
    const row = { event: { type: 'client-send-failed' as const, error: { code: 'CLOSED_DURING_SEND' as const, params: { reason: 'reset', endpoint: '[::1]:5000' } } } };
    expect(formatEvent(row, 'en')).toMatch(/^This client missed a send the other clients got — \[::1\]:5000 reset the connection before all the data was sent\. /);
    expect(formatEvent(row, 'zh-CN')).toMatch(/^此客户端未收到其他客户端已收到的发送 — 连接被对方（\[::1\]:5000）重置，数据未全部发出。/);
  });
});
