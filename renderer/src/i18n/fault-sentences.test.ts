import { describe, expect, it } from 'vitest';
import type { AppError } from '@shared/contract/errors';
import { formatEvent } from '../log/format-row';
import { localizeError } from './localize-error';

/*
 * What the user reads for the faults of issue 11 ("Faults survived"): the engine's fault tests
 * (electron/engine/faults/) assert that the engine produces exactly these rows and errors; this file asserts the
 * sentences the page makes of them, in both languages. (The engine may not import the renderer, so the two halves
 * meet in these literal values.)
 */
describe('what the user reads when a peer resets mid-send (faults/peer-reset-mid-send)', () => {
  it('one log row for the reset, on a TCP client and on a client of a TCP server', () => {
    expect(formatEvent({ event: { type: 'disconnected', reason: 'reset' } }, 'en')).toBe('Disconnected: the connection was reset by the peer');
    expect(formatEvent({ event: { type: 'disconnected', reason: 'reset' } }, 'zh-CN')).toBe('已断开：连接被对方重置');
    expect(formatEvent({ event: { type: 'client-disconnected', reason: 'reset' } }, 'en')).toBe('Client disconnected: it reset the connection');
    expect(formatEvent({ event: { type: 'client-disconnected', reason: 'reset' } }, 'zh-CN')).toBe('客户端已断开：对方重置了连接');
  });

  it('the send it cut short says the peer reset it, naming the peer', () => {
    const error: AppError = { code: 'CLOSED_DURING_SEND', message: 'x', params: { reason: 'reset', endpoint: '127.0.0.1:9000' } };
    expect(localizeError(error, 'en')).toBe('127.0.0.1:9000 reset the connection before all the data was sent');
    expect(localizeError(error, 'zh-CN')).toBe('连接被对方（127.0.0.1:9000）重置，数据未全部发出');
    const unnamed: AppError = { code: 'CLOSED_DURING_SEND', message: 'x', params: { reason: 'reset' } };
    expect(localizeError(unnamed, 'en')).toBe('The peer reset the connection before all the data was sent');
    expect(localizeError(unnamed, 'zh-CN')).toBe('连接被对方重置，数据未全部发出');
  });
});

describe('what the user reads when a session closes during a file send (faults/close-during-file-send)', () => {
  it('"the session was closed", not "the session is not open"', () => {
    const error: AppError = { code: 'CLOSED_DURING_SEND', message: 'x', params: { reason: 'closed' } };
    expect(localizeError(error, 'en')).toBe('The session was closed before all the data was sent');
    expect(localizeError(error, 'zh-CN')).toBe('会话已关闭，数据未全部发出');
    expect(localizeError({ ...error, params: { reason: 'closed', endpoint: '127.0.0.1:9000' } }, 'zh-CN')).toBe('会话已关闭，数据未全部发出');
  });

  it('a client kicked mid-send, and an end with no known reason', () => {
    const kicked: AppError = { code: 'CLOSED_DURING_SEND', message: 'x', params: { reason: 'kicked', endpoint: '127.0.0.1:5000' } };
    expect(localizeError(kicked, 'en')).toBe('The client 127.0.0.1:5000 was kicked before all the data was sent');
    expect(localizeError(kicked, 'zh-CN')).toBe('客户端 127.0.0.1:5000 已被踢出，数据未全部发出');
    const other: AppError = { code: 'CLOSED_DURING_SEND', message: 'x' };
    expect(localizeError(other, 'en')).toBe('The connection closed while sending; some data may not have gone out');
    expect(localizeError(other, 'zh-CN')).toBe('发送过程中连接被关闭，数据可能没有全部发出');
  });
});

describe('what the user reads when the peer never reads (faults/peer-never-reads)', () => {
  it('who is not reading and how many bytes wait for it', () => {
    const error: AppError = { code: 'QUEUE_FULL', message: 'x', params: { queued: 1_048_576, size: 65_536, max: 1_048_576, endpoint: '127.0.0.1:9000' } };
    expect(localizeError(error, 'en')).toBe(
      'The peer 127.0.0.1:9000 is not reading: 1,048,576 bytes already waiting to go out (limit 1,048,576), so this send was refused; try again once it reads',
    );
    expect(localizeError(error, 'zh-CN')).toBe('对方 127.0.0.1:9000 未在读取：已有 1,048,576 字节等待发出（上限 1,048,576），本次发送被拒绝；请待对方读取后再试');
  });

  it('a file already being sent keeps its own sentence', () => {
    expect(localizeError({ code: 'QUEUE_FULL', message: 'x', params: { path: '/f' } }, 'en')).toBe('A file is already being sent: wait for it to finish or cancel it first');
  });
});

describe('what the user reads when 5 000 clients connect at once (faults/connect-storm)', () => {
  it('one row per reason, counting the refused', () => {
    expect(formatEvent({ event: { type: 'clients-refused', count: 4_000, reason: 'max-clients', limit: 1_000 } }, 'en')).toBe(
      'Refused 4,000 client connections: the server already has its maximum of 1,000 clients',
    );
    expect(formatEvent({ event: { type: 'clients-refused', count: 4_000, reason: 'max-clients', limit: 1_000 } }, 'zh-CN')).toBe('已拒绝 4,000 个客户端连接：已达到最大连接数 1,000');
  });
});
