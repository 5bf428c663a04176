import { describe, expect, it } from 'vitest';
import { ERROR_CODES, type AppError } from '@shared/contract/errors';
import { en } from './en';
import { langFromLocale, LANGS, MESSAGES, translate } from './i18n';
import { localizeError } from './localize-error';
import { zhCN } from './zh-CN';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message tables', () => {
  it('have the same keys in both languages, none empty', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
    for (const lang of LANGS) for (const [key, value] of Object.entries(MESSAGES[lang])) expect(value.trim(), `${lang} ${key}`).not.toBe('');
  });

  it('use the same placeholders in both languages', () => {
    for (const key of Object.keys(zhCN) as Array<keyof typeof zhCN>) expect(placeholders(en[key]), key).toEqual(placeholders(zhCN[key]));
  });

  it('fill placeholders and group numbers', () => {
    expect(translate('en', 'counter.tx', { bytes: '1.2 KiB', frames: 1234 })).toBe('TX 1.2 KiB / 1,234 frames');
    expect(translate('zh-CN', 'counter.rx', { bytes: '1.2 KiB', frames: 1234 })).toBe('接收 1.2 KiB / 1,234 帧');
  });
});

describe('langFromLocale', () => {
  it('picks zh-CN for any Chinese locale, English otherwise', () => {
    expect(langFromLocale('zh-CN')).toBe('zh-CN');
    expect(langFromLocale('zh-TW')).toBe('zh-CN');
    expect(langFromLocale('zh')).toBe('zh-CN');
    expect(langFromLocale('en-US')).toBe('en');
    expect(langFromLocale('de')).toBe('en');
    expect(langFromLocale(undefined)).toBe('en');
  });
});

describe('localizeError', () => {
  const bare = (code: AppError['code']): AppError => ({ code, message: `english fallback for ${code}` });

  it.each(ERROR_CODES)('has a sentence for %s in both languages', (code) => {
    const zh = localizeError(bare(code), 'zh-CN');
    const english = localizeError(bare(code), 'en');
    expect(zh).not.toBe(bare(code).message);
    expect(english).not.toBe(bare(code).message);
    expect(zh).not.toBe(english);
    expect(zh).toMatch(/[\u4e00-\u9fff]/);
  });

  it('builds sentences from params', () => {
    const cases: Array<[AppError, string, string]> = [
      [{ code: 'EADDRINUSE', message: 'x', params: { port: 8080 } }, '端口 8080 已被占用', 'Port 8080 is already in use'],
      [{ code: 'ECONNREFUSED', message: 'x', params: { host: '127.0.0.1', port: 9 } }, '连接被拒绝：127.0.0.1:9 没有在监听', 'Connection refused: nothing is listening on 127.0.0.1:9'],
      [{ code: 'ECONNREFUSED', message: 'x', params: { address: '::1', port: 9 } }, '连接被拒绝：[::1]:9 没有在监听', 'Connection refused: nothing is listening on [::1]:9'],
      [{ code: 'ENOTFOUND', message: 'x', params: { host: 'nope.invalid' } }, '找不到主机“nope.invalid”（域名解析失败）', 'Host "nope.invalid" not found (DNS lookup failed)'],
      [{ code: 'TOO_LARGE', message: 'x', params: { size: 70000, max: 65507 } }, '数据太大：70,000 字节，上限 65,507 字节', 'Too large: 70,000 bytes, the limit is 65,507 bytes'],
      [{ code: 'INVALID_ARGUMENT', message: 'x', params: { field: 'config.localPort' } }, '本地主机端口无效', 'Invalid Local port'],
      [{ code: 'ETIMEDOUT', message: 'x', params: { host: '10.0.0.1', port: 80 } }, '连接 10.0.0.1:80 超时', 'Timed out connecting to 10.0.0.1:80'],
      [{ code: 'NOT_FOUND', message: 'x', params: { client: '127.0.0.1:5000' } }, '连接 127.0.0.1:5000 已不存在', 'Connection 127.0.0.1:5000 no longer exists'],
    ];
    for (const [error, zh, english] of cases) {
      expect(localizeError(error, 'zh-CN')).toBe(zh);
      expect(localizeError(error, 'en')).toBe(english);
    }
  });

  it('explains a lost or token-less host link', () => {
    expect(localizeError({ code: 'INTERNAL', message: 'x', params: { reason: 'no-token' } }, 'en')).toContain('token');
    expect(localizeError({ code: 'INTERNAL', message: 'x', params: { reason: 'transport-closed' } }, 'zh-CN')).toContain('连接已断开');
  });

  it('says why a settings file could not be saved or read, from the OS reason the engine keeps (file-errors.ts)', () => {
    const path = '/home/u/.config/socketdesk/settings.json';
    const cases: Array<[AppError, string, string]> = [
      [{ code: 'INTERNAL', message: 'x', params: { path, reason: 'ENOSPC' } }, `磁盘空间不足，无法写入 ${path}`, `The disk is full; cannot write ${path}`],
      [{ code: 'INTERNAL', message: 'x', params: { path, reason: 'EDQUOT' } }, `磁盘空间不足，无法写入 ${path}`, `The disk is full; cannot write ${path}`],
      [{ code: 'EACCES', message: 'x', params: { path, reason: 'EROFS' } }, `文件系统是只读的，无法写入 ${path}`, `The file system is read-only; cannot write ${path}`],
      [{ code: 'EACCES', message: 'x', params: { path, reason: 'EACCES' } }, `没有权限访问 ${path}`, `Permission denied: ${path}`],
      [{ code: 'EACCES', message: 'x', params: { path, reason: 'EPERM' } }, `没有权限访问 ${path}`, `Permission denied: ${path}`],
      [
        { code: 'INVALID_ARGUMENT', message: 'x', params: { path, field: 'path', reason: 'notRegularFile' } },
        `${path} 不是普通文件（而是命名管道、设备、套接字或目录）`,
        `${path} is not a regular file (it is a named pipe, a device, a socket or a directory)`,
      ],
      [
        { code: 'ETIMEDOUT', message: 'x', params: { path, ms: 10_000 } },
        `${path} 在 10 秒内没有响应（它是否在一个已无响应的网络驱动器上？）`,
        `No answer from ${path} within 10 s (is it on a network drive that stopped responding?)`,
      ],
    ];
    for (const [error, zh, english] of cases) {
      expect(localizeError(error, 'zh-CN'), `zh ${JSON.stringify(error.params)}`).toBe(zh);
      expect(localizeError(error, 'en'), `en ${JSON.stringify(error.params)}`).toBe(english);
    }
  });
});

describe('errors that name their real cause (issue 8)', () => {
  it('a refused UDP send names the broadcast option (issue 10: the 广播 box), not administrator rights', () => {
    const error = { code: 'EACCES' as const, message: 'x', params: { reason: 'broadcastOff', host: '127.255.255.255', port: 9 } };
    expect(localizeError(error, 'en')).toBe('Not allowed to send to 127.255.255.255:9: sending to a broadcast address needs the Broadcast option');
    expect(localizeError(error, 'zh-CN')).toBe('不允许发送到 127.255.255.255:9：向广播地址发送需要勾选"广播"');
  });
  it('a TCP client whose local port is taken names the local port', () => {
    const error = { code: 'EADDRINUSE' as const, message: 'x', params: { address: '0.0.0.0', port: 40000 } };
    expect(localizeError(error, 'en')).toBe('Port 40000 is already in use');
  });
  it('the UDP size limit of an IPv4 target is 65,507 bytes', () => {
    const error = { code: 'TOO_LARGE' as const, message: 'x', params: { size: 70000, max: 65507 } };
    expect(localizeError(error, 'en')).toContain('65,507');
  });
});
