import { describe, expect, it } from 'vitest';
import { localizeError } from '../i18n/localize-error';
import { parsePort, parseTarget, requireHost } from './inputs';

describe('parsePort', () => {
  it('accepts 1–65535, and 0 where "any" is allowed', () => {
    expect(parsePort('8080', 'localPort', false)).toEqual({ ok: true, value: 8080 });
    expect(parsePort(' 65535 ', 'remotePort', false)).toEqual({ ok: true, value: 65535 });
    expect(parsePort('0', 'localPort', true)).toEqual({ ok: true, value: 0 });
  });
  it.each(['0', '65536', '-1', '80.5', 'abc', '', '1e3'])('rejects %j as a remote port, with a sentence', (text) => {
    const r = parsePort(text, 'remotePort', false);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(localizeError(r.error, 'en')).toBe('Remote port must be a whole number from 1 to 65535');
      expect(localizeError(r.error, 'zh-CN')).toBe('远程主机端口必须是 1–65535 之间的整数');
    }
  });
  it('mentions "0 = any" for a local port', () => {
    const r = parsePort('70000', 'localPort', true);
    expect(!r.ok && localizeError(r.error, 'en')).toBe('Local port must be a whole number from 0 to 65535 (0 = any port)');
  });
});

describe('requireHost', () => {
  it('trims and unbrackets', () => {
    expect(requireHost(' example.com ', 'remoteHost')).toEqual({ ok: true, value: 'example.com' });
    expect(requireHost('[::1]', 'remoteHost')).toEqual({ ok: true, value: '::1' });
  });
  it('rejects an empty host', () => {
    const r = requireHost('  ', 'remoteHost');
    expect(!r.ok && localizeError(r.error, 'zh-CN')).toBe('远程主机地址不能为空');
  });
});

describe('parseTarget', () => {
  it('reads ip:port, host:port and [v6]:port', () => {
    expect(parseTarget('127.0.0.1:9000')).toEqual({ ok: true, value: { host: '127.0.0.1', port: 9000 } });
    expect(parseTarget(' localhost:53 ')).toEqual({ ok: true, value: { host: 'localhost', port: 53 } });
    expect(parseTarget('[::1]:8080')).toEqual({ ok: true, value: { host: '::1', port: 8080 } });
  });
  it.each(['127.0.0.1', '::1:8080', '127.0.0.1:0', '127.0.0.1:70000', ':80', ''])('rejects %j', (text) => {
    const r = parseTarget(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(localizeError(r.error, 'en')).toContain('ip:port');
  });
});
