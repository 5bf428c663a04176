import { describe, expect, it } from 'vitest';
import type { CommandName } from '@shared/contract/commands';
import { fail, ok } from '@shared/contract/errors';
import { localizeError } from '../i18n/localize-error';
import { testWorkspace } from '../workspace/test-support/test-workspace';
import { sendSpecOf } from './send-request';
import type { Answer } from './test-support/fake-transport';

function setup(answers: Partial<Record<CommandName, Answer>> = {}) {
  const openAnswer: Answer = () => ok({ sessionId: 's1', local: { address: '127.0.0.1', port: 9000, family: 'IPv4' } });
  const fake = testWorkspace(answers, (name) => (name === 'session.open' ? openAnswer : undefined));
  const sent = () => fake.calls.filter((c) => c.name === 'session.send').map((c) => Array.from((c.args as { bytes: Uint8Array }).bytes));
  return { ...fake, sent };
}

describe('the send box as a SendSpec (issue 9)', () => {
  it('numbers single sends per tab: a counter template sends #0, #1, … and a failed send is not counted', async () => {
    let refuse = false;
    const { store, sent } = setup({ 'session.send': () => (refuse ? fail('EPIPE', 'gone') : ok({ bytesSent: 3 })) });
    await store.getState().toggleOpen();
    store.setState({ sendMode: 'hex', sendInput: 'AA {{counter width=2}}' });
    await store.getState().send();
    await store.getState().send();
    refuse = true;
    await store.getState().send();
    expect(store.getState().sendIndex).toBe(2);
    refuse = false;
    await store.getState().send();
    expect(sent()).toEqual([
      [0xaa, 0, 1],
      [0xaa, 0, 2],
      [0xaa, 0, 3],
      [0xaa, 0, 3],
    ]);
    store.getState().resetSendIndex();
    await store.getState().send();
    expect(sent().at(-1)).toEqual([0xaa, 0, 1]);
    expect(store.getState().sendIndex).toBe(1);
  });

  it('appends the chosen checksum in its usual order, which the user may flip; none keeps the options', () => {
    const { store } = setup();
    store.setState({ sendMode: 'hex', sendInput: '01 03 00 00 00 0A' });
    store.getState().setChecksumOrder('be');
    store.getState().setChecksumModel('crc-16/modbus');
    expect(store.getState().checksumOrder).toBe('le');
    expect(sendSpecOf(store.getState()).checksum).toEqual({ model: 'crc-16/modbus', order: 'le', output: 'raw', skipStart: 0, skipEnd: 0 });
    store.getState().setChecksumModel('crc-16/xmodem');
    expect(store.getState().checksumOrder).toBe('be');
    store.getState().setChecksumSkip({ start: 1, end: -3 });
    store.getState().setChecksumModel('none');
    expect(sendSpecOf(store.getState()).checksum).toBeNull();
    expect(store.getState()).toMatchObject({ checksumOrder: 'be', checksumSkipStart: 1, checksumSkipEnd: 0 });
  });

  it('sends text in the tab’s encoding', async () => {
    const { store, sent } = setup({ 'session.send': () => ok({ bytesSent: 4 }) });
    await store.getState().toggleOpen();
    store.getState().setSendEncoding('gbk');
    store.getState().setSendInput('中文');
    await store.getState().send();
    expect(sent()).toEqual([[0xd6, 0xd0, 0xce, 0xc4]]);
  });

  it('says what is wrong with a template, at its character, and sends nothing (single or cyclic)', async () => {
    const { store, calls } = setup();
    await store.getState().toggleOpen();
    store.getState().setSendInput('AT{{count}}');
    await store.getState().send();
    expect(localizeError(store.getState().fieldErrors.data!, 'en')).toBe('Template error at character 5: there is no field "count" (fields: counter, time, random, len, crc)');
    await store.getState().setRepeatEnabled(true);
    await store.getState().pressSend();
    expect(calls.filter((c) => c.name === 'session.send' || c.name === 'session.repeat.start')).toHaveLength(0);
  });

  it('converts a template between ASCII and HEX with its fields kept', () => {
    const { store } = setup();
    store.setState({ sendInput: 'AT{{counter format=dec}}', escapes: true });
    store.getState().setSendMode('hex');
    expect(store.getState().sendInput).toBe('41 54 {{counter format=dec}}');
    store.getState().setSendMode('ascii');
    expect(store.getState().sendInput).toBe('AT{{counter format=dec}}');
  });
});
