import { describe, expect, it } from 'vitest';
import { errorCodeFromNode, errorFromNode, sendErrorFromNode } from './errors-from-node';

function nodeError(code: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { code, ...extra });
}

describe('errorCodeFromNode', () => {
  it.each([
    ['EADDRINUSE', 'EADDRINUSE'],
    ['EADDRNOTAVAIL', 'EADDRNOTAVAIL'],
    ['EACCES', 'EACCES'],
    ['EPERM', 'EACCES'],
    ['EMFILE', 'EMFILE'],
    ['ENFILE', 'EMFILE'],
    ['ECONNREFUSED', 'ECONNREFUSED'],
    ['ECONNRESET', 'ECONNRESET'],
    ['ECONNABORTED', 'ECONNRESET'],
    ['ETIMEDOUT', 'ETIMEDOUT'],
    ['EHOSTUNREACH', 'EHOSTUNREACH'],
    ['EHOSTDOWN', 'EHOSTUNREACH'],
    ['ENETUNREACH', 'ENETUNREACH'],
    ['ENETDOWN', 'ENETUNREACH'],
    ['ENOTFOUND', 'ENOTFOUND'],
    ['EAI_AGAIN', 'ENOTFOUND'],
    ['EAI_NONAME', 'ENOTFOUND'],
    ['EPIPE', 'EPIPE'],
    ['EMSGSIZE', 'TOO_LARGE'],
    ['ENOBUFS', 'INTERNAL'],
    ['ERR_SOCKET_DGRAM_NOT_RUNNING', 'INTERNAL'],
    [undefined, 'INTERNAL'],
    [42, 'INTERNAL'],
  ])('%s → %s', (input, expected) => {
    expect(errorCodeFromNode(input)).toBe(expected);
  });
});

describe('errorFromNode', () => {
  it('keeps the OS message as detail and the address/port Node attached', () => {
    const error = errorFromNode(
      nodeError('EADDRINUSE', 'listen EADDRINUSE: address already in use 127.0.0.1:8080', { address: '127.0.0.1', port: 8080 }),
    );
    expect(error).toEqual({
      code: 'EADDRINUSE',
      message: 'Address already in use',
      params: { address: '127.0.0.1', port: 8080 },
      detail: 'listen EADDRINUSE: address already in use 127.0.0.1:8080',
    });
  });

  it('maps getaddrinfo hostname to params.host and lets call-site params win', () => {
    const error = errorFromNode(nodeError('EAI_AGAIN', 'getaddrinfo EAI_AGAIN x.invalid', { hostname: 'x.invalid' }), { port: 7 });
    expect(error.code).toBe('ENOTFOUND');
    expect(error.params).toEqual({ host: 'x.invalid', port: 7 });
  });

  it('never throws on odd inputs', () => {
    expect(errorFromNode(null).code).toBe('INTERNAL');
    expect(errorFromNode('boom')).toEqual({ code: 'INTERNAL', message: 'Unexpected network error', detail: 'boom' });
    expect(errorFromNode(undefined)).toEqual({ code: 'INTERNAL', message: 'Unexpected network error' });
  });
});

describe('sendErrorFromNode', () => {
  it('names the Broadcast option for EACCES while it is off (what the OS says to a broadcast target without SO_BROADCAST)', () => {
    const error = sendErrorFromNode(nodeError('EACCES', 'send EACCES 192.168.1.255:9', { address: '192.168.1.255', port: 9 }), '192.168.1.255', 9, false);
    expect(error).toEqual({
      code: 'EACCES',
      message: 'Not allowed to send to 192.168.1.255:9: sending to a broadcast address needs the Broadcast option',
      params: { reason: 'broadcastOff', host: '192.168.1.255', port: 9 },
      detail: 'send EACCES 192.168.1.255:9',
    });
  });

  it('says a refused send is about its target (reason send) with broadcast on, and for a firewall\'s EPERM either way', () => {
    for (const [code, isBroadcastOn] of [['EACCES', true], ['EPERM', true], ['EPERM', false]] as const) {
      const error = sendErrorFromNode(nodeError(code, `send ${code} 192.168.1.255:9`, { address: '192.168.1.255', port: 9 }), '192.168.1.255', 9, isBroadcastOn);
      expect(error).toEqual({
        code: 'EACCES',
        message: 'Not allowed to send to 192.168.1.255:9 (a firewall blocks it, or the system does not allow this target)',
        params: { reason: 'send', host: '192.168.1.255', port: 9 },
        detail: `send ${code} 192.168.1.255:9`,
      });
    }
    expect(sendErrorFromNode(nodeError('EPERM', 'send EPERM'), 'ff02::1', 9, false).message).toContain('[ff02::1]:9');
    expect(sendErrorFromNode(nodeError('EPERM', 'send EPERM'), '[ff02::1]', 9, false).message).toContain('[ff02::1]:9');
  });

  it('leaves other errors as errorFromNode makes them', () => {
    const error = nodeError('EHOSTUNREACH', 'send EHOSTUNREACH 10.0.0.1:9', { address: '10.0.0.1', port: 9 });
    expect(sendErrorFromNode(error, 'router.example', 9, false)).toEqual(errorFromNode(error, { host: 'router.example', port: 9 }));
  });
});
