import { describe, expect, it } from 'vitest';
import { errorCodeFromNode, errorFromNode } from './errors-from-node';

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
