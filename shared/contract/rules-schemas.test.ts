import { describe, expect, it } from 'vitest';
import { AUTO_REPLY_LIMITS, type AutoReplyRule } from './rules';
import { autoReplyConfigSchema, autoReplyRuleSchema, rulesSetArgsSchema, tabAutoReplySchema } from './rules-schemas';
import { commandSchemas } from './schemas';

/** The shapes of 自动应答 the hosts check (issue 10). */

const rule: AutoReplyRule = {
  id: 'r1',
  name: 'Hello',
  enabled: true,
  match: { kind: 'regex', source: '^name=(\\w+)', ignoreCase: false },
  action: { kind: 'reply', payload: { text: 'Hello, {{$1}}!', mode: 'ascii', escapes: false, appendCrlf: true, checksum: null } },
  target: 'sender',
  delayMs: 0,
  then: 'stop',
};
const args = { sessionId: 's1', enabled: true, rules: [rule], maxRepliesPerSecond: 1000, encoding: 'utf-8' };

describe('auto-reply schemas', () => {
  it('take a rule in each of its shapes', () => {
    expect(autoReplyRuleSchema.parse(rule)).toEqual(rule);
    for (const variant of [
      { ...rule, action: { kind: 'echo' } },
      { ...rule, target: 'others', then: 'continue', delayMs: AUTO_REPLY_LIMITS.maxDelayMs },
      { ...rule, match: { kind: 'hex-pattern', pattern: '01 ??' }, action: { kind: 'reply', payload: { ...(rule.action as { payload: object }).payload, mode: 'hex', checksum: { model: 'crc-16/modbus', order: 'le', output: 'raw', skipStart: 0, skipEnd: 0 } } } },
    ]) {
      expect(autoReplyRuleSchema.safeParse(variant).success).toBe(true);
    }
    expect(rulesSetArgsSchema.parse(args)).toEqual(args);
    expect(commandSchemas['session.rules.set'].safeParse(args).success).toBe(true);
    const { sessionId: _s, ...config } = args;
    expect(autoReplyConfigSchema.safeParse(config).success).toBe(true);
    expect(commandSchemas['session.open'].safeParse({ config: { kind: 'udp', localAddress: '127.0.0.1', localPort: 0 }, autoReply: config }).success).toBe(true);
    expect(tabAutoReplySchema.safeParse({ enabled: false, rules: [rule], maxRepliesPerSecond: 5 }).success).toBe(true);
  });

  it.each<[string, unknown]>([
    ['an empty name', { ...rule, name: '  ' }],
    ['a name longer than a mark carries', { ...rule, name: 'n'.repeat(AUTO_REPLY_LIMITS.nameChars + 1) }],
    ['an unknown target', { ...rule, target: 'everyone' }],
    ['a negative delay', { ...rule, delayMs: -1 }],
    ['a delay beyond the limit', { ...rule, delayMs: AUTO_REPLY_LIMITS.maxDelayMs + 1 }],
    ['a fractional delay', { ...rule, delayMs: 1.5 }],
    ['an unknown then', { ...rule, then: 'maybe' }],
    ['a reply with an encoding of its own', { ...rule, action: { kind: 'reply', payload: { ...(rule.action as { payload: object }).payload, encoding: 'gbk' } } }],
    ['an echo with a payload', { ...rule, action: { kind: 'echo', payload: {} } }],
    ['an unknown key', { ...rule, colour: 'red' }],
    ['a match without its mode', { ...rule, match: { kind: 'contains', pattern: 'x' } }],
  ])('refuse a rule with %s', (_what, value) => {
    expect(autoReplyRuleSchema.safeParse(value).success).toBe(false);
  });

  it.each<[string, unknown]>([
    ['two rules with one id', { ...args, rules: [rule, rule] }],
    ['too many rules', { ...args, rules: Array.from({ length: AUTO_REPLY_LIMITS.rules + 1 }, (_, i) => ({ ...rule, id: `r${i}` })) }],
    ['a limit of 0 replies per second', { ...args, maxRepliesPerSecond: 0 }],
    ['a limit beyond the maximum', { ...args, maxRepliesPerSecond: AUTO_REPLY_LIMITS.maxRepliesPerSecond + 1 }],
    ['an unknown encoding', { ...args, encoding: 'ebcdic' }],
    ['no session', { ...args, sessionId: '' }],
  ])('refuse session.rules.set with %s', (_what, value) => {
    expect(rulesSetArgsSchema.safeParse(value).success).toBe(false);
  });
});
