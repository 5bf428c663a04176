import { describe, expect, it } from 'vitest';
import { appSettingsSchema, commandSchemas, sequenceSchemaSet } from './schemas';
import { plainSendSpec } from './send-spec';
import { SEQUENCE_LIMITS, type Sequence } from './sequence';
import type { AppSettings, TabSettings } from './settings';

const tab: TabSettings = {
  id: 'tab-1',
  title: '',
  openAtStart: false,
  protocol: 'udp',
  localAddress: '0.0.0.0',
  localPort: '8080',
  remoteHost: '127.0.0.1',
  remotePort: '8080',
  clientLocalPort: '',
  udpTarget: '127.0.0.1:8080',
  receive: { mode: 'ascii', logMode: true, wrap: false, autoScroll: true },
  send: { mode: 'ascii', escapes: false, appendCrlf: false },
};
const settingsWith = (sequence: unknown): unknown => ({ version: 2, tabs: [{ ...tab, sequence }], activeTabId: null, history: [], language: null });

const sequence: Sequence = {
  name: 'Echo',
  steps: [
    { kind: 'repeat', count: 2, steps: 3 },
    { kind: 'send', spec: plainSendSpec('ping {{counter}}') },
    { kind: 'wait', ms: 0 },
    { kind: 'expect', match: { kind: 'regex', source: '^pong', ignoreCase: true }, timeoutMs: 1000, samePeer: true },
  ],
  continueOnFailure: false,
};

describe('sequence schemas (测试序列)', () => {
  it('a tab keeps its sequence; files written before sequences (no field) still load', () => {
    const withSequence = settingsWith(sequence) as AppSettings;
    expect(appSettingsSchema.parse(withSequence)).toEqual(withSequence);
    const without = { version: 2, tabs: [tab], activeTabId: null, history: [], language: null };
    expect(appSettingsSchema.parse(without).tabs[0]!.sequence).toBeUndefined();
    // The editor's state as it is: no name yet, no steps yet.
    expect(appSettingsSchema.safeParse(settingsWith({ name: '', steps: [], continueOnFailure: false })).success).toBe(true);
  });

  it.each<[string, unknown]>([
    ['an unknown step kind', { ...sequence, steps: [{ kind: 'loop', count: 2 }] }],
    ['a step with an unknown key', { ...sequence, steps: [{ kind: 'wait', ms: 1, colour: 'red' }] }],
    ['a negative wait', { ...sequence, steps: [{ kind: 'wait', ms: -1 }] }],
    ['a wait longer than an hour', { ...sequence, steps: [{ kind: 'wait', ms: SEQUENCE_LIMITS.maxWaitMs + 1 }] }],
    ['a fractional timeout', { ...sequence, steps: [{ kind: 'expect', match: { kind: 'any' }, timeoutMs: 1.5, samePeer: false }] }],
    ['a timeout of 0', { ...sequence, steps: [{ kind: 'expect', match: { kind: 'any' }, timeoutMs: 0, samePeer: false }] }],
    ['an expect without samePeer', { ...sequence, steps: [{ kind: 'expect', match: { kind: 'any' }, timeoutMs: 10 }] }],
    ['a repeat count of 0', { ...sequence, steps: [{ kind: 'repeat', count: 0, steps: 1 }] }],
    ['a repeat count beyond the cap', { ...sequence, steps: [{ kind: 'repeat', count: SEQUENCE_LIMITS.repeatCount + 1, steps: 1 }] }],
    ['a repeat covering no step', { ...sequence, steps: [{ kind: 'repeat', count: 2, steps: 0 }] }],
    ['a send without its whole spec', { ...sequence, steps: [{ kind: 'send', spec: { text: 'x', mode: 'ascii' } }] }],
    ['a bad match', { ...sequence, steps: [{ kind: 'expect', match: { kind: 'contains', pattern: 'x' }, timeoutMs: 10, samePeer: false }] }],
    ['too many steps', { ...sequence, steps: Array.from({ length: SEQUENCE_LIMITS.steps + 1 }, () => ({ kind: 'wait', ms: 1 })) }],
    ['an over-long name', { ...sequence, name: 'n'.repeat(SEQUENCE_LIMITS.nameChars + 1) }],
    ['no continueOnFailure', { name: 'x', steps: [] }],
  ])('refuses %s', (_what, value) => {
    expect(sequenceSchemaSet.sequence.safeParse(value).success).toBe(false);
    expect(appSettingsSchema.safeParse(settingsWith(value)).success).toBe(false);
  });

  it('session.sequence.run takes the session, the sequence, the target as session.send has it, and an encoding', () => {
    const run = commandSchemas['session.sequence.run'];
    expect(run.safeParse({ sessionId: 's1', sequence, target: {} }).success).toBe(true);
    expect(run.safeParse({ sessionId: 's1', sequence, target: { to: { host: '127.0.0.1', port: 9 } }, encoding: 'gbk' }).success).toBe(true);
    expect(run.safeParse({ sessionId: 's1', sequence, target: { clients: ['127.0.0.1:1', '[::1]:2'] } }).success).toBe(true);
    for (const bad of [
      { sessionId: 's1', sequence },
      { sessionId: 's1', sequence, target: { client: 'a', clients: ['b'] } },
      { sessionId: 's1', sequence, target: { to: { host: '127.0.0.1', port: 0 } } },
      { sessionId: 's1', sequence, target: {}, encoding: 'ebcdic' },
      { sessionId: 's1', sequence, target: {}, extra: 1 },
    ]) {
      expect(run.safeParse(bad).success).toBe(false);
    }
    expect(commandSchemas['session.sequence.stop'].safeParse({ sessionId: 's1' }).success).toBe(true);
    expect(commandSchemas['session.sequence.stop'].safeParse({}).success).toBe(false);
  });
});
