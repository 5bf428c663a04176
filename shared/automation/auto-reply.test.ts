import { describe, expect, it } from 'vitest';
import type { AutoReplyConfig, AutoReplyRule } from '../contract/rules';
import { AUTO_REPLY_PRESETS, presetRule, presetUnavailable } from './auto-reply-presets';
import { compileRule, compileRules, previewReply, replyBytes, type ReplyClock } from './auto-reply';

/** Auto-reply rules as code (issue 10): what the engine runs and the editor previews, with one compiler. */

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
const clock: ReplyClock = { now: Date.UTC(2024, 0, 2, 3, 4, 5), replyIndex: 0, random: (n) => new Uint8Array(n) };

const rule = (extra: Partial<AutoReplyRule>): AutoReplyRule => ({
  id: 'r',
  name: 'Rule',
  enabled: true,
  match: { kind: 'any' },
  action: { kind: 'echo' },
  target: 'sender',
  delayMs: 0,
  then: 'stop',
  ...extra,
});
const config = (rules: AutoReplyRule[]): AutoReplyConfig => ({ enabled: true, rules, maxRepliesPerSecond: 1000, encoding: 'utf-8' });

function compiled(r: AutoReplyRule, protocol: 'udp' | 'tcp-client' | 'tcp-server' = 'udp') {
  const one = compileRule(r, 0, { encoding: 'utf-8' }, protocol);
  if (!one.ok) throw new Error(one.error.message);
  return one.value;
}

describe('compileRules', () => {
  it('names the rule (1-based), its name and the field of the first mistake', () => {
    const result = compileRules(
      config([rule({ id: 'a' }), rule({ id: 'b', name: 'Bad', match: { kind: 'regex', source: '(x', ignoreCase: false } })]),
      'udp',
    );
    expect(result.ok ? undefined : result.error.params).toMatchObject({ rule: 2, ruleName: 'Bad', field: 'match.source', reason: 'invalid-regex', position: 1 });
    expect(result.ok ? '' : result.error.message).toMatch(/^Rule 2 \("Bad"\): Invalid regular expression at character 1/);
  });

  it('refuses a reply field the match cannot fill, a target the session kind has not, and a repeated id', () => {
    const reply = (text: string) => ({ kind: 'reply' as const, payload: { text, mode: 'ascii' as const, escapes: false, appendCrlf: false, checksum: null } });
    const noGroup = compileRules(config([rule({ match: { kind: 'contains', pattern: 'x', mode: 'text' }, action: reply('{{$1}}') })]), 'udp');
    expect(noGroup.ok ? undefined : noGroup.error.params).toMatchObject({ field: 'reply.data', problem: 'noCapture', groups: 0 });
    for (const target of ['all', 'others'] as const) {
      for (const protocol of ['udp', 'tcp-client'] as const) {
        const refused = compileRules(config([rule({ target })]), protocol);
        expect(refused.ok ? undefined : refused.error.params).toMatchObject({ field: 'target', reason: 'target-needs-server' });
      }
      expect(compileRules(config([rule({ target })]), 'tcp-server').ok).toBe(true);
    }
    const twice = compileRules(config([rule({}), rule({})]), 'udp');
    expect(twice.ok ? undefined : twice.error.params).toMatchObject({ rule: 2, field: 'id', reason: 'duplicate-id' });
  });
});

describe('replies and their preview', () => {
  it('the preview is the reply: the same bytes for the same message, peer and clock', () => {
    const r = compiled(
      rule({
        match: { kind: 'regex', source: '^(\\w+)', ignoreCase: false },
        action: { kind: 'reply', payload: { text: '{{$1 case=upper}} {{counter format=dec}} {{time format=iso}} {{peer}}', mode: 'ascii', escapes: false, appendCrlf: true, checksum: null } },
      }),
    );
    const sample = utf8('hello world');
    const preview = previewReply(r, sample, '10.0.0.1:7', { ...clock, replyIndex: 4 });
    const found = r.match.test(sample)!;
    const engine = replyBytes(r, sample, found, '10.0.0.1:7', { ...clock, replyIndex: 4 });
    expect(preview.kind === 'bytes' && engine.ok && preview.bytes).toEqual(engine.ok && engine.value);
    expect(preview.kind === 'bytes' && text(preview.bytes)).toBe('HELLO 5 2024-01-02T03:04:05.000Z 10.0.0.1:7\r\n');
    expect(previewReply(r, utf8('!!'), 'p', clock)).toEqual({ kind: 'no-match' });
  });

  it('echo answers with a copy of the message (a TCP message may be a view the framer reuses)', () => {
    const message = utf8('abc');
    const reply = replyBytes(compiled(rule({})), message, { captures: ['abc'] }, 'p', clock);
    expect(reply.ok && reply.value).toEqual(message);
    expect(reply.ok && reply.value.buffer).not.toBe(message.buffer);
  });

  it('a run-time failure is an error value naming the rule', () => {
    const r = compiled(
      rule({ action: { kind: 'reply', payload: { text: '{{msg}}', mode: 'ascii', escapes: false, appendCrlf: false, checksum: { model: 'crc-16/modbus', order: 'le', output: 'raw', skipStart: 5, skipEnd: 0 } } } }),
    );
    const preview = previewReply(r, utf8('hi'), 'p', clock);
    expect(preview.kind === 'error' && preview.error.params).toMatchObject({ rule: 1, field: 'reply.checksum', reason: 'checksumRange', length: 2 });
  });
});

describe('presets', () => {
  const answer = (preset: (typeof AUTO_REPLY_PRESETS)[number], message: string): string | undefined => {
    const preview = previewReply(compiled(presetRule(preset, 'p', preset), 'tcp-server'), utf8(message), '1.2.3.4:5', clock);
    return preview.kind === 'bytes' ? text(preview.bytes) : preview.kind;
  };

  it('echo, hello, upper, time stamp and chat answer as their names say', () => {
    expect(answer('echo', 'ping\r\n')).toBe('ping\r\n');
    expect(answer('hello', 'Ada')).toBe('Hello, Ada!');
    expect(answer('hello', 'Ada\n')).toBe('Hello, Ada!\n');
    expect(answer('hello', 'two\nlines\r\n')).toBe('Hello, two\nlines!\r\n');
    expect(answer('upper', 'shout 你好')).toBe('SHOUT 你好');
    const local = new Date(clock.now);
    const hms = [local.getHours(), local.getMinutes(), local.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
    expect(answer('timestamp', 'event')).toBe(`[${hms}] event`);
    expect(answer('chat', 'hi all')).toBe('hi all');
    expect(presetRule('chat', 'c', 'Chat').target).toBe('others');
  });

  it('chat needs a TCP server; the others work on every kind', () => {
    for (const protocol of ['udp', 'tcp-client', 'tcp-server'] as const) {
      for (const preset of AUTO_REPLY_PRESETS) {
        const unavailable = presetUnavailable(preset, protocol);
        expect(unavailable).toBe(preset === 'chat' && protocol !== 'tcp-server' ? 'needs-tcp-server' : undefined);
        if (!unavailable) expect(compileRules(config([presetRule(preset, 'p', 'P')]), protocol).ok).toBe(true);
      }
    }
  });
});
