import { describe, expect, it } from 'vitest';
import { createToken, isAllowedHostHeader, isAllowedOrigin, isLoopbackHost, tokensMatch } from './access-policy';

describe('access policy', () => {
  it('makes long random URL-safe tokens', () => {
    const a = createToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(createToken()).not.toBe(a);
  });

  it('matches tokens exactly', () => {
    const token = createToken();
    expect(tokensMatch(token, token)).toBe(true);
    expect(tokensMatch(token, `${token}x`)).toBe(false);
    expect(tokensMatch(token, token.slice(1))).toBe(false);
    expect(tokensMatch(token, '')).toBe(false);
    expect(tokensMatch(token, null)).toBe(false);
  });

  it('knows loopback addresses', () => {
    for (const host of ['127.0.0.1', '127.8.9.10', '::1', '[::1]', 'localhost', '::ffff:127.0.0.1']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.2', '10.0.0.1', 'fe80::1']) expect(isLoopbackHost(host), host).toBe(false);
  });

  it('accepts only this host’s own origins', () => {
    for (const origin of ['http://127.0.0.1:4000', 'http://localhost:4000', 'http://[::1]:4000']) {
      expect(isAllowedOrigin(origin, '127.0.0.1', 4000), origin).toBe(true);
    }
    for (const origin of [
      undefined,
      'null',
      'http://127.0.0.1:4001',
      'https://127.0.0.1:4000',
      'http://evil.example:4000',
      'http://127.0.0.1.evil.example:4000',
      'file://',
      'http://192.168.1.2:4000',
    ]) {
      expect(isAllowedOrigin(origin, '127.0.0.1', 4000), String(origin)).toBe(false);
    }
    expect(isAllowedOrigin('http://192.168.1.2:4000', '192.168.1.2', 4000)).toBe(true);
    expect(isAllowedOrigin('http://[fe80::1]:4000', 'fe80::1', 4000)).toBe(true);
  });

  it('checks the Host header against the same names (DNS rebinding)', () => {
    expect(isAllowedHostHeader('127.0.0.1:4000', '127.0.0.1', 4000)).toBe(true);
    expect(isAllowedHostHeader('localhost:4000', '127.0.0.1', 4000)).toBe(true);
    expect(isAllowedHostHeader('[::1]:4000', '::1', 4000)).toBe(true);
    expect(isAllowedHostHeader('evil.example:4000', '127.0.0.1', 4000)).toBe(false);
    expect(isAllowedHostHeader('127.0.0.1', '127.0.0.1', 4000)).toBe(false);
    expect(isAllowedHostHeader(undefined, '127.0.0.1', 4000)).toBe(false);
  });
});
