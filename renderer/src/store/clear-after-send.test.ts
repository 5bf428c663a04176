import { describe, expect, it } from 'vitest';
import type { CommandName } from '@shared/contract/commands';
import { fail, ok, type Result } from '@shared/contract/errors';
import { tabSettingsSchema } from '@shared/contract/schemas';
import { sendSpecOf } from './send-request';
import { testWorkspace } from '../workspace/test-support/test-workspace';
import { stateFromTabSettings, tabSettingsFromState } from '../workspace/tab-settings';
import type { Answer } from './test-support/fake-transport';

const local = { address: '127.0.0.1', port: 9000, family: 'IPv4' as const };

/** A UDP tab on the fake transport with 发送完自动清空 on, opened unless `open` is false. */
async function setup(answers: Partial<Record<CommandName, Answer>> = {}, open = true) {
  const fake = testWorkspace({ 'session.open': () => ok({ sessionId: 's1', local }), 'session.send': () => ok({ bytesSent: 4 }), ...answers });
  fake.store.getState().setClearAfterSend(true);
  fake.store.getState().setUdpTarget('127.0.0.1:7000');
  if (open) await fake.store.getState().toggleOpen();
  const sends = () => fake.calls.filter((c) => c.name === 'session.send');
  return { ...fake, sends };
}

describe('发送完自动清空 (clear after send)', () => {
  it('is off by default; on, a send the engine accepted empties the box and is still counted and remembered', async () => {
    expect(testWorkspace().store.getState().clearAfterSend).toBe(false);
    const { store, ws, sends } = await setup();
    store.getState().setSendInput('ping');
    await store.getState().send();
    expect(sends()).toHaveLength(1);
    expect(store.getState()).toMatchObject({ sendInput: '', sendIndex: 1, notice: null });
    expect(ws.getState().history[0]).toMatchObject({ text: 'ping', mode: 'ascii' });
  });

  it('off, the box keeps what was sent', async () => {
    const { store, sends } = await setup();
    store.getState().setClearAfterSend(false);
    store.getState().setSendInput('ping');
    await store.getState().send();
    expect(sends()).toHaveLength(1);
    expect(store.getState().sendInput).toBe('ping');
  });

  it.each<[string, { readonly mode: 'ascii' | 'hex'; readonly text: string; readonly encoding?: 'gbk'; readonly error: object }]>([
    ['bad HEX', { mode: 'hex', text: '0G', error: { code: 'INVALID_HEX' } }],
    ['a character the encoding cannot write', { mode: 'ascii', text: 'a😀', encoding: 'gbk', error: { code: 'INVALID_ARGUMENT', params: { reason: 'unencodable' } } }],
  ])('a send refused for %s keeps the text and says why', async (_what, { mode, text, encoding, error }) => {
    const { store, sends } = await setup();
    store.setState({ sendMode: mode, sendInput: text, ...(encoding ? { sendEncoding: encoding } : {}) });
    await store.getState().send();
    expect(sends()).toHaveLength(0);
    expect(store.getState().sendInput).toBe(text);
    expect(store.getState().fieldErrors.data).toMatchObject(error);
  });

  it('a send while the session is closed, or one the engine refuses, keeps the text', async () => {
    const closed = await setup({}, false);
    closed.store.getState().setSendInput('ping');
    await closed.store.getState().send();
    expect(closed.store.getState().sendInput).toBe('ping');
    expect(closed.store.getState().fieldErrors.send?.code).toBe('NOT_OPEN');

    const refused = await setup({ 'session.send': () => fail('EPIPE', 'gone') });
    refused.store.getState().setSendInput('ping');
    await refused.store.getState().send();
    expect(refused.sends()).toHaveLength(1);
    expect(refused.store.getState().sendInput).toBe('ping');
    expect(refused.store.getState().fieldErrors.send?.code).toBe('EPIPE');
    expect(refused.ws.getState().history).toEqual([]);
  });

  it('text typed while the send was on its way is kept', async () => {
    let answer: ((r: Result<unknown>) => void) | undefined;
    const { store } = await setup({ 'session.send': () => new Promise<Result<unknown>>((r) => (answer = r)) });
    store.getState().setSendInput('ping');
    const sending = store.getState().send();
    store.getState().setSendInput('ping 2');
    answer?.(ok({ bytesSent: 4 }));
    await sending;
    expect(store.getState().sendInput).toBe('ping 2');
  });

  it('a quick command and a picked history entry leave the box as it is', async () => {
    const { store, sends } = await setup();
    store.getState().setSendInput('typed');
    await store.getState().sendSpec({ ...sendSpecOf(store.getState()), text: 'quick' });
    expect(sends()).toHaveLength(1);
    expect(store.getState().sendInput).toBe('typed');
    store.getState().pickHistory({ ...sendSpecOf(store.getState()), text: 'old' });
    expect(store.getState()).toMatchObject({ sendInput: 'old', clearAfterSend: true });
  });

  it('a cyclic send keeps the box (it is what is being repeated), before and after 停止', async () => {
    const { store, calls } = await setup({ 'session.repeat.start': () => ok(null) });
    store.getState().setRepeatPeriod('100');
    await store.getState().setRepeatEnabled(true);
    store.getState().setSendInput('tick');
    await store.getState().pressSend();
    expect(calls.filter((c) => c.name === 'session.repeat.start')).toHaveLength(1);
    expect(store.getState()).toMatchObject({ sendInput: 'tick', repeat: { running: true } });
    await store.getState().pressSend();
    expect(store.getState()).toMatchObject({ sendInput: 'tick', repeat: { running: false } });
  });

  it('the workspace file keeps it per tab, writes it only when on, and a file without it loads it off', () => {
    const { store } = testWorkspace();
    const identity = { id: 'tab-1', title: '', openAtStart: false };
    expect('clearAfterSend' in tabSettingsFromState(identity, store.getState()).send).toBe(false);
    store.getState().setClearAfterSend(true);
    const saved = tabSettingsFromState(identity, store.getState());
    expect(saved.send.clearAfterSend).toBe(true);
    // What the host checks before writing the file (a test may use the schema; the page does not).
    expect(tabSettingsSchema.safeParse(saved).success).toBe(true);
    expect(stateFromTabSettings(saved).clearAfterSend).toBe(true);
    const { clearAfterSend: _on, ...older } = saved.send;
    expect(stateFromTabSettings({ ...saved, send: older }).clearAfterSend).toBe(false);
  });
});
