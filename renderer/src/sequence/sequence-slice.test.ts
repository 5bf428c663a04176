import { describe, expect, it } from 'vitest';
import type { CommandName } from '@shared/contract/commands';
import { ok } from '@shared/contract/errors';
import type { SequenceStepResult, SequenceSummary } from '@shared/contract/sequence';
import { plainSendSpec } from '@shared/contract/send-spec';
import type { SessionSnapshot } from '@shared/contract/workspace';
import { ZERO_COUNTERS } from '@shared/contract/session';
import { sequenceErrorSentence } from '../i18n/sequence-sentences';
import { reduceSnapshot } from '../store/tab-reducers';
import type { Answer } from '../store/test-support/fake-transport';
import { stateFromTabSettings, tabSettingsFromState } from '../workspace/tab-settings';
import { testWorkspace } from '../workspace/test-support/test-workspace';
import { DEFAULT_SEQUENCE, withStepRemoved } from './sequence-edit';

function setup(answers: Partial<Record<CommandName, Answer>> = {}) {
  let sessions = 0;
  const openAnswer: Answer = () => ok({ sessionId: `s${++sessions}`, local: { address: '127.0.0.1', port: 9000, family: 'IPv4' } });
  const { store, calls, emit } = testWorkspace({ 'session.sequence.run': () => ok({ runId: 1 }), ...answers }, (name) => (name === 'session.open' ? openAnswer : undefined));
  const named = (name: CommandName) => calls.filter((c) => c.name === name);
  return { store, named, emit };
}

const result = (index: number, patch: Partial<SequenceStepResult> = {}): SequenceStepResult => ({ index, status: 'passed', runs: 1, passed: 1, failed: 0, ...patch });

function summaryOf(patch: Partial<SequenceSummary> = {}): SequenceSummary {
  return {
    name: '1',
    outcome: 'passed',
    startedAt: 1_700_000_000_000,
    totalMs: 12.5,
    stepsRun: 2,
    passed: 1,
    failed: 0,
    latency: { count: 1, minMs: 0.25, medianMs: 0.25, maxMs: 0.25 },
    steps: [result(0), result(1, { latencyMs: 0.25 })],
    ...patch,
  };
}

describe('测试序列: editing the list', () => {
  it('a send step takes the send box; a repeat goes first and wraps every step; delete and move', () => {
    const { store } = setup();
    const s = store.getState();
    s.setSendMode('hex');
    s.setSendInput('01 02');
    s.addSequenceStep('send');
    s.addSequenceStep('expect');
    s.addSequenceStep('repeat');
    let steps = store.getState().sequence.steps;
    expect(steps.map((step) => step.kind)).toEqual(['repeat', 'send', 'expect']);
    expect(steps[0]).toEqual({ kind: 'repeat', count: 10, steps: 2 });
    expect(steps[1]).toEqual({ kind: 'send', spec: { ...plainSendSpec('01 02', 'hex') } });
    expect(steps[2]).toEqual({ kind: 'expect', match: { kind: 'any' }, timeoutMs: 2000, samePeer: false });
    store.getState().moveSequenceStep(2, -1);
    expect(store.getState().sequence.steps.map((step) => step.kind)).toEqual(['repeat', 'expect', 'send']);
    store.getState().moveSequenceStep(0, -1); // at the top already: unchanged
    store.getState().removeSequenceStep(1);
    steps = store.getState().sequence.steps;
    // The block lost one of its steps and still ends where it did.
    expect(steps).toEqual([{ kind: 'repeat', count: 10, steps: 1 }, { kind: 'send', spec: plainSendSpec('01 02', 'hex') }]);
  });

  it('removing the last step of nested blocks removes the blocks left empty and shrinks the ones around them', () => {
    const send = { kind: 'send', spec: plainSendSpec('x') } as const;
    const list = { ...DEFAULT_SEQUENCE, steps: [{ kind: 'repeat', count: 2, steps: 3 } as const, send, { kind: 'repeat', count: 3, steps: 1 } as const, send] };
    expect(withStepRemoved(list, 3).steps).toEqual([{ kind: 'repeat', count: 2, steps: 1 }, send]);
    expect(withStepRemoved(list, 1).steps).toEqual([{ kind: 'repeat', count: 2, steps: 2 }, { kind: 'repeat', count: 3, steps: 1 }, send]);
  });

  it('is locked while a run goes; an edit after a run drops the per-step results but keeps the summary', async () => {
    const { store, emit } = setup();
    await store.getState().toggleOpen();
    store.getState().setUdpTarget('127.0.0.1:7');
    store.getState().setSendInput('x');
    store.getState().addSequenceStep('send');
    await store.getState().runSequence();
    store.getState().addSequenceStep('wait');
    expect(store.getState().sequence.steps).toHaveLength(1);
    emit('sequence.done', { sessionId: 's1', runId: 1, summary: summaryOf({ stepsRun: 1, steps: [result(0)] }) });
    store.getState().addSequenceStep('wait');
    expect(store.getState().sequence.steps).toHaveLength(2);
    expect(store.getState().sequenceRun?.results).toEqual([]);
    expect(store.getState().sequenceRun?.summary?.outcome).toBe('passed');
  });
});

describe('测试序列: running', () => {
  it('runs the list to the send box\'s target with the receive encoding; progress and done show by step', async () => {
    const { store, named, emit } = setup();
    await store.getState().toggleOpen();
    const s = store.getState();
    s.setUdpTarget('127.0.0.1:7000');
    s.setRecvEncoding('gbk');
    s.setSendInput('ping');
    s.addSequenceStep('send');
    s.addSequenceStep('expect');
    await store.getState().runSequence();
    const sequence = store.getState().sequence;
    expect(named('session.sequence.run')[0]?.args).toEqual({ sessionId: 's1', sequence, target: { to: { host: '127.0.0.1', port: 7000 } }, encoding: 'gbk' });
    expect(store.getState().sequenceRun).toMatchObject({ sessionId: 's1', runId: 1, running: true, sequence });

    emit('sequence.progress', { sessionId: 's1', runId: 1, current: 1, changed: [result(0), result(1, { status: 'running', passed: 0 })], passed: 0, failed: 0, elapsedMs: 3 });
    expect(store.getState().sequenceRun).toMatchObject({ current: 1, results: [result(0), result(1, { status: 'running', passed: 0 })] });
    emit('sequence.done', { sessionId: 's1', runId: 1, summary: summaryOf() });
    expect(store.getState().sequenceRun).toMatchObject({ running: false, current: null, passed: 1, summary: summaryOf(), results: summaryOf().steps });
    // A late progress of the ended run changes nothing.
    emit('sequence.progress', { sessionId: 's1', runId: 1, current: 0, changed: [], passed: 0, failed: 0, elapsedMs: 1 });
    expect(store.getState().sequenceRun?.current).toBeNull();
    await store.getState().stopSequence(); // nothing runs: nothing asked
    expect(named('session.sequence.stop')).toHaveLength(0);
  });

  it('a TCP server run goes to the ticked clients; Stop asks the engine', async () => {
    const { store, named, emit } = setup();
    store.getState().setProtocol('tcp-server');
    await store.getState().toggleOpen();
    emit('server.clients', { sessionId: 's1', clients: [{ key: '127.0.0.1:5', address: '127.0.0.1', port: 5, family: 'IPv4', connectedAt: 0, lastActivityAt: 0, rxBytes: 0, txBytes: 0 }] });
    store.getState().toggleClientSelected('127.0.0.1:5');
    store.getState().setServerTarget('selected');
    store.getState().addSequenceStep('wait');
    await store.getState().runSequence();
    expect(named('session.sequence.run')[0]?.args).toMatchObject({ target: { clients: ['127.0.0.1:5'] } });
    await store.getState().stopSequence();
    expect(named('session.sequence.stop')[0]?.args).toEqual({ sessionId: 's1' });
  });

  it('asks nothing when the list does not check or the session is not open, and says why by step', async () => {
    const { store, named } = setup();
    store.getState().addSequenceStep('wait');
    await store.getState().runSequence();
    expect(store.getState().sequenceError?.code).toBe('NOT_OPEN');
    await store.getState().toggleOpen();
    store.getState().addSequenceStep('expect');
    store.getState().updateSequenceStep(1, { kind: 'expect', match: { kind: 'regex', source: '(', ignoreCase: false }, timeoutMs: 5, samePeer: false });
    await store.getState().runSequence();
    const error = store.getState().sequenceError!;
    expect(error.params).toMatchObject({ step: 2, field: 'source', reason: 'invalid-regex' });
    expect(sequenceErrorSentence(error, 'en')).toMatch(/^Step 2: invalid regular expression: /);
    expect(sequenceErrorSentence(error, 'zh-CN')).toMatch(/^第 2 步：正则表达式无效：/);
    store.getState().setSequenceName('');
    store.getState().removeSequenceStep(1);
    await store.getState().runSequence();
    expect(sequenceErrorSentence(store.getState().sequenceError!, 'zh-CN')).toBe('请为测试序列命名（日志用它标记序列发出的数据）');
    expect(named('session.sequence.run')).toHaveLength(0);
  });

  it('a progress that beats the answer to Run makes the view, and a later session\'s run 1 is not taken for an old one', async () => {
    const { store, emit } = setup({
      'session.sequence.run': () => {
        emit('sequence.progress', { sessionId: 's1', runId: 3, current: 0, changed: [result(0, { status: 'running', passed: 0 })], passed: 0, failed: 0, elapsedMs: 0 });
        return ok({ runId: 3 });
      },
    });
    await store.getState().toggleOpen();
    store.getState().addSequenceStep('wait');
    await store.getState().runSequence();
    expect(store.getState().sequenceRun).toMatchObject({ runId: 3, current: 0, running: true, sequence: store.getState().sequence });
    // The tab's next session (run ids restart): its run 1 is new, not older than run 3.
    await store.getState().toggleOpen();
    await store.getState().toggleOpen();
    expect(store.getState().sessionId).toBe('s2');
    emit('sequence.progress', { sessionId: 's2', runId: 1, current: 0, changed: [], passed: 0, failed: 0, elapsedMs: 0 });
    expect(store.getState().sequenceRun).toMatchObject({ sessionId: 's2', runId: 1, running: true });
  });

  it('a page that attaches shows the run the engine holds, with the tab\'s list when it fits', () => {
    const { store } = setup();
    store.getState().addSequenceStep('wait');
    store.getState().addSequenceStep('wait');
    const snapshot: SessionSnapshot = {
      sessionId: 's9',
      tabId: 'tab-1',
      config: { kind: 'udp', localAddress: '127.0.0.1', localPort: 0 },
      state: 'open',
      counters: ZERO_COUNTERS,
      clients: [],
      repeat: null,
      capture: null,
      fileSend: null,
      sequence: { runId: 2, name: '1', running: true, current: 1, steps: [result(0), result(1, { status: 'running', passed: 0 })], passed: 0, failed: 0, startedAt: 0 },
    };
    const patch = reduceSnapshot(store.getState(), snapshot);
    expect(patch.sequenceRun).toMatchObject({ sessionId: 's9', runId: 2, running: true, current: 1, sequence: store.getState().sequence, summary: null });
  });
});

describe('测试序列 in the workspace file', () => {
  it('is left out while it is the default, and comes back as it was', () => {
    const { store } = setup();
    const identity = { id: 'tab-1', title: '', openAtStart: false };
    expect(tabSettingsFromState(identity, store.getState()).sequence).toBeUndefined();
    store.getState().setSequenceName('Poll');
    store.getState().setSequenceContinueOnFailure(true);
    store.getState().addSequenceStep('wait');
    const saved = tabSettingsFromState(identity, store.getState());
    expect(saved.sequence).toEqual({ name: 'Poll', steps: [{ kind: 'wait', ms: 1000 }], continueOnFailure: true });
    expect(stateFromTabSettings(saved).sequence).toEqual(saved.sequence);
    expect(stateFromTabSettings({ ...saved, sequence: undefined }).sequence).toEqual(DEFAULT_SEQUENCE);
  });
});
