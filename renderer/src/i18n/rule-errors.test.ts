import { describe, expect, it } from 'vitest';
import { compileRules } from '@shared/automation/auto-reply';
import type { AutoReplyRule } from '@shared/contract/rules';
import { formatEvent } from '../log/format-row';
import { localizeError } from './localize-error';
import { withoutRule } from './rule-errors';

/** 自动应答's mistakes and log rows in words, in both languages (issue 10). */

const rule = (extra: Partial<AutoReplyRule>): AutoReplyRule => ({
  id: 'r',
  name: 'Hello',
  enabled: true,
  match: { kind: 'any' },
  action: { kind: 'echo' },
  target: 'sender',
  delayMs: 0,
  then: 'stop',
  ...extra,
});

function errorOf(r: AutoReplyRule, protocol: 'udp' | 'tcp-server' = 'udp') {
  const result = compileRules({ enabled: true, rules: [rule({ id: 'x', name: 'First' }), r], maxRepliesPerSecond: 1000, encoding: 'utf-8' }, protocol);
  if (result.ok) throw new Error('expected a mistake');
  return result.error;
}

describe('auto-reply errors in words', () => {
  it('an invalid regex says which rule, which character and what, in both languages', () => {
    const error = errorOf(rule({ match: { kind: 'regex', source: 'name=(\\w+', ignoreCase: false } }));
    expect(localizeError(error, 'en')).toBe('Rule 2 “Hello”: Invalid regular expression at character 6: the “(” is never closed');
    expect(localizeError(error, 'zh-CN')).toBe('规则 2“Hello”：正则表达式第 6 个字符处有误：“(” 没有闭合');
    expect(localizeError(withoutRule(error), 'en')).toBe('Invalid regular expression at character 6: the “(” is never closed');
  });

  it('HEX patterns, reply fields and targets', () => {
    expect(localizeError(withoutRule(errorOf(rule({ match: { kind: 'hex-pattern', pattern: '01 0G' } }))), 'en')).toBe('HEX pattern: expected two hex digits or ?? at character 5');
    expect(localizeError(withoutRule(errorOf(rule({ match: { kind: 'hex-pattern', pattern: '01 0G' } }))), 'zh-CN')).toBe('HEX 模式第 5 个字符处有误：每个字节应为两位十六进制数字或 ??');
    const noGroup = errorOf(rule({ match: { kind: 'regex', source: '(a)', ignoreCase: false }, action: { kind: 'reply', payload: { text: 'x{{$3}}', mode: 'ascii', escapes: false, appendCrlf: false, checksum: null } } }));
    expect(localizeError(withoutRule(noGroup), 'en')).toBe('Template error at character 4: there is no group for $3 (the match has 1 group)');
    expect(localizeError(withoutRule(noGroup), 'zh-CN')).toBe('模板错误（第 4 个字符）：没有可供 $3 取用的分组（匹配条件只有 1 个分组）');
    expect(localizeError(withoutRule(errorOf(rule({ target: 'others' }))), 'en')).toBe('Replying to all clients (or all others) needs a TCP server session');
    expect(localizeError(withoutRule(errorOf(rule({ match: { kind: 'contains', pattern: '', mode: 'text' } }))), 'en')).toBe('The pattern is empty: choose “Any message” to match everything');
  });

  it('the log rows of the loop guard and of a rule that stopped', () => {
    const tripped = { type: 'loop-guard', state: 'tripped', limit: 1000, dropped: 0 } as const;
    expect(formatEvent({ event: tripped }, 'en')).toBe('Auto-reply loop guard: more than 1,000 replies a second, the replies beyond are dropped');
    expect(formatEvent({ event: { ...tripped, state: 'cleared', dropped: 1 } }, 'en')).toBe('Auto-reply loop guard cleared: 1 reply was dropped');
    expect(formatEvent({ event: { ...tripped, state: 'cleared', dropped: 12345 } }, 'zh-CN')).toBe('自动应答防回环解除：共丢弃 12,345 条应答');
    const stopped = { type: 'rule-disabled', rule: 'Hello', error: { code: 'INVALID_ARGUMENT', message: 'm', params: { rule: 1, ruleName: 'Hello', field: 'reply.checksum', reason: 'checksumRange', length: 2, skipStart: 5, skipEnd: 0 } } } as const;
    expect(formatEvent({ event: stopped }, 'en')).toMatch(/^Auto-reply rule “Hello” stopped: /);
    expect(formatEvent({ event: stopped }, 'zh-CN')).toMatch(/^自动应答规则“Hello”已停用：校验无法在 2 字节/);
  });
});
