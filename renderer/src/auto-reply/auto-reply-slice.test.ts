import { describe, expect, it } from 'vitest';
import { fail, ok } from '@shared/contract/errors';
import type { AutoReplyRule, AutoReplyState } from '@shared/contract/rules';
import { tabSettingsSchema } from '@shared/contract/schemas';
import type { SessionSnapshot } from '@shared/contract/workspace';
import { testWorkspace } from '../workspace/test-support/test-workspace';
import { stateFromTabSettings, tabSettingsFromState } from '../workspace/tab-settings';

/** 自动应答 in the tab store (issue 10): edits checked before they reach the engine, sent to the open session, kept in the file. */

const local = { address: '127.0.0.1', port: 9000, family: 'IPv4' as const };
const opens = () => ok({ sessionId: 's1', local });
const zeroState: AutoReplyState = { rules: [], loopGuard: { limit: 1000, tripped: false, dropped: 0 } };
const answersRules = () => ok(zeroState);

const rule = (id: string, extra: Partial<AutoReplyRule> = {}): AutoReplyRule => ({
  id,
  name: id,
  enabled: true,
  match: { kind: 'any' },
  action: { kind: 'echo' },
  target: 'sender',
  delayMs: 0,
  then: 'stop',
  ...extra,
});

const rulesCalls = (calls: ReturnType<typeof testWorkspace>['calls']) => calls.filter((c) => c.name === 'session.rules.set').map((c) => c.args);

describe('auto-reply rules in the tab store', () => {
  it('a rule that does not compile is refused with its place, and nothing changes', () => {
    const { store } = testWorkspace();
    const saved = store.getState().saveRule(rule('bad', { match: { kind: 'regex', source: 'name=(\\w+', ignoreCase: false } }));
    expect(saved.ok ? undefined : saved.error.params).toMatchObject({ rule: 1, field: 'match.source', reason: 'invalid-regex', position: 6 });
    expect(store.getState().autoReplyRules).toEqual([]);
    const hex = store.getState().saveRule(rule('hex', { match: { kind: 'hex-pattern', pattern: '01 ?' } }));
    expect(hex.ok ? undefined : hex.error.params).toMatchObject({ field: 'match.pattern', reason: 'invalid-hex-pattern', position: 4 });
    // "to all other clients" needs a TCP server: refused on a UDP tab, fine on a server tab.
    expect(store.getState().saveRule(rule('chat', { target: 'others' })).ok).toBe(false);
    store.getState().setProtocol('tcp-server');
    expect(store.getState().saveRule(rule('chat', { target: 'others' })).ok).toBe(true);
    expect(store.getState().autoReplyRules.map((r) => r.id)).toEqual(['chat']);
  });

  it('session.open carries the rules in the receive encoding; edits reach the open session once each, unchanged sets not at all', async () => {
    const { store, calls } = testWorkspace({ 'session.open': opens, 'session.rules.set': answersRules });
    store.getState().saveRule(rule('echo'));
    store.getState().setRecvEncoding('gbk');
    await store.getState().toggleOpen();
    expect(calls[0]).toEqual({
      name: 'session.open',
      args: { config: { kind: 'udp', localAddress: '0.0.0.0', localPort: 8080 }, tabId: 'tab-1', autoReply: { enabled: true, rules: [rule('echo')], maxRepliesPerSecond: 1000, encoding: 'gbk' } },
    });
    expect(rulesCalls(calls)).toEqual([]);
    store.getState().setRuleEnabled('echo', false);
    await Promise.resolve();
    expect(rulesCalls(calls)).toEqual([{ sessionId: 's1', enabled: true, rules: [rule('echo', { enabled: false })], maxRepliesPerSecond: 1000, encoding: 'gbk' }]);
    await store.getState().applyAutoReply();
    expect(rulesCalls(calls)).toHaveLength(1);
    // The receive encoding is how rules read text: changing it re-sends them.
    store.getState().setRecvEncoding('utf-8');
    await Promise.resolve();
    expect(rulesCalls(calls).at(-1)).toMatchObject({ encoding: 'utf-8' });
    expect(store.getState().setAutoReplyMaxPerSecond(0).ok).toBe(false);
    expect(store.getState().setAutoReplyMaxPerSecond(50).ok).toBe(true);
    await Promise.resolve();
    expect(rulesCalls(calls).at(-1)).toMatchObject({ maxRepliesPerSecond: 50 });
  });

  it('a tab without rules opens without any, and sends none until it has some', async () => {
    const { store, calls } = testWorkspace({ 'session.open': opens, 'session.rules.set': answersRules });
    await store.getState().toggleOpen();
    expect(calls[0]!.args).not.toHaveProperty('autoReply');
    store.getState().setAutoReplyEnabled(false);
    await Promise.resolve();
    expect(rulesCalls(calls)).toEqual([]);
    store.getState().addPreset('echo', 'Echo');
    await Promise.resolve();
    expect(store.getState().autoReplyEnabled).toBe(true);
    expect(rulesCalls(calls).at(-1)).toMatchObject({ enabled: true, rules: [{ name: 'Echo', action: { kind: 'echo' } }] });
  });

  it('a rule the session kind cannot run keeps the session from opening, with its error by the panel', async () => {
    const { store, calls } = testWorkspace({ 'session.open': opens });
    store.getState().setProtocol('tcp-server');
    store.getState().addPreset('chat', 'Chat room');
    store.getState().setProtocol('udp');
    expect(store.getState().addPreset('chat', 'Chat room').ok).toBe(false);
    await store.getState().toggleOpen();
    expect(calls.filter((c) => c.name === 'session.open')).toEqual([]);
    expect(store.getState().notice).toMatchObject({ kind: 'error', slot: 'autoReply', error: { params: { rule: 1, field: 'target' } } });
  });

  it('rules.state shows hits and stopped rules of the current session only; an engine refusal shows by the panel', async () => {
    const { store, emit } = testWorkspace({ 'session.open': opens, 'session.rules.set': () => fail('INVALID_ARGUMENT', 'no', { field: 'rules' }) });
    store.getState().saveRule(rule('a'));
    await store.getState().toggleOpen();
    const state = { rules: [{ id: 'a', hits: 3, replies: 2, failedSends: 1 }], loopGuard: { limit: 1000, tripped: true, dropped: 7 } };
    emit('rules.state', { sessionId: 's0', ...state });
    expect(store.getState().autoReplyState).toBeNull();
    emit('rules.state', { sessionId: 's1', ...state });
    expect(store.getState().autoReplyState).toEqual(state);
    store.getState().moveRule('a', 1);
    store.getState().saveRule(rule('b'));
    await Promise.resolve();
    await Promise.resolve();
    expect(store.getState().fieldErrors.autoReply).toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('the workspace file keeps the rules, the switch and the limit; a file without them loads none', () => {
    const { store } = testWorkspace();
    const identity = { id: 'tab-1', title: '', openAtStart: false };
    expect('autoReply' in tabSettingsFromState(identity, store.getState())).toBe(false);
    store.getState().saveRule(rule('a', { then: 'continue' }));
    store.getState().saveRule(rule('b', { delayMs: 250 }));
    store.getState().moveRule('b', -1);
    store.getState().setAutoReplyEnabled(false);
    store.getState().setAutoReplyMaxPerSecond(42);
    const saved = tabSettingsFromState(identity, store.getState());
    expect(tabSettingsSchema.safeParse(saved).success).toBe(true);
    expect(saved.autoReply).toEqual({ enabled: false, rules: [rule('b', { delayMs: 250 }), rule('a', { then: 'continue' })], maxRepliesPerSecond: 42 });
    expect(stateFromTabSettings(saved)).toMatchObject({ autoReplyEnabled: false, autoReplyMaxPerSecond: 42, autoReplyRules: saved.autoReply!.rules });
    const { autoReply: _rules, ...older } = saved;
    expect(stateFromTabSettings(older)).toMatchObject({ autoReplyEnabled: true, autoReplyRules: [], autoReplyMaxPerSecond: 1000 });
  });
});

describe('auto-reply on attach', () => {
  const snapshot = (over: Partial<SessionSnapshot>): SessionSnapshot => ({
    sessionId: 's7',
    tabId: 'tab-1',
    config: { kind: 'udp', localAddress: '0.0.0.0', localPort: 8080 },
    state: 'open',
    local,
    counters: { rxBytes: 0, rxFrames: 0, txBytes: 0, txFrames: 0 },
    clients: [],
    repeat: null,
    capture: null,
    fileSend: null,
    ...over,
  });
  const running = { enabled: true, rules: [rule('e')], maxRepliesPerSecond: 1000, encoding: 'utf-8' as const };
  const stats = { rules: [{ id: 'e', hits: 5, replies: 5, failedSends: 0 }], loopGuard: { limit: 1000, tripped: false, dropped: 0 } };

  it('a reloaded page takes the engine\'s rules and hit counts, and sends nothing back', async () => {
    const { workspace, store, calls } = testWorkspace({ 'workspace.attach': () => ok({ sessions: [snapshot({ autoReply: { config: running, state: stats } })] }) });
    await workspace.attach();
    expect(store.getState()).toMatchObject({ autoReplyRules: [rule('e')], autoReplyState: stats });
    expect(rulesCalls(calls)).toEqual([]);
  });

  it('a page that reconnected sends the rules it edited while the link was down', async () => {
    const { workspace, store, calls } = testWorkspace({ 'workspace.attach': () => ok({ sessions: [snapshot({ autoReply: { config: running, state: stats } })] }), 'session.rules.set': answersRules });
    await workspace.attach();
    store.setState({ autoReplyRules: [rule('e'), rule('f')] });
    await workspace.attach();
    await Promise.resolve();
    expect(rulesCalls(calls)).toEqual([{ sessionId: 's7', ...running, rules: [rule('e'), rule('f')] }]);
  });
});
