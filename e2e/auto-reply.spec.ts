import { expect, test } from './fixtures';
import { AutoReplyDesk } from './auto-reply-desk';
import type { Desk } from './desk';
import { freePort } from './peers/ports';
import { pollUntil } from './peers/wait';

/**
 * Issue 10, 自动应答: rules in the engine answer real peers on 127.0.0.1 — the echo preset a Node UDP peer byte for
 * byte, the chat-room preset three TCP clients of a server, a regex rule with a capture — and a rule that does not
 * compile says where, in both languages, and changes nothing.
 */

async function openUdp(desk: Desk): Promise<number> {
  const port = await freePort('udp');
  await desk.chooseProtocol('udp');
  await desk.setLocal('127.0.0.1', port);
  await desk.open();
  return port;
}

test.describe('auto-reply (issue 10)', () => {
  test('the echo preset answers an external UDP peer byte for byte, and the log marks the replies', async ({ app, desk, peers }) => {
    const rules = new AutoReplyDesk(app);
    const port = await openUdp(desk);
    await rules.addPreset('echo');
    await expect(rules.rules).toHaveCount(1);
    const peer = await peers.udpPeer();
    const binary = Uint8Array.from({ length: 256 }, (_, i) => i);
    const messages: Uint8Array[] = [new TextEncoder().encode('ping 你好\r\n'), binary, Uint8Array.of(0)];
    for (const message of messages) await peer.send(message, port);
    await pollUntil('three echoes', () => (peer.received.length === 3 ? true : undefined));
    expect(peer.received.map((d) => Uint8Array.from(d.data))).toEqual(messages);
    await expect(desk.entries({ dir: 'tx' })).toHaveCount(3);
    await expect(desk.entries({ dir: 'tx' }).first()).toContainText('rule Echo');
    await rules.unfold();
    await expect.poll(() => rules.hitsOf('Echo')).toBe(3);
    await expect(rules.summary).toContainText('1/1 rule on · 3 hits');
  });

  test('the chat-room preset relays each client\'s message to every other client of a TCP server, not back to the sender', async ({ app, desk, peers }) => {
    const rules = new AutoReplyDesk(app);
    const port = await freePort('tcp');
    await desk.chooseProtocol('udp');
    // Offered only where it can work: a UDP tab has no other clients to relay to.
    const onUdp = await rules.presetEntry('chat');
    await expect(onUdp).toBeDisabled();
    await expect(onUdp).toHaveAttribute('title', 'Only a TCP server has other clients to relay to');
    await app.keyboard.press('Escape');
    await desk.chooseProtocol('tcp-server');
    await desk.setLocal('127.0.0.1', port);
    await rules.addPreset('chat');
    await desk.open();
    const [ada, bob, eve] = [await peers.tcpClient(port), await peers.tcpClient(port), await peers.tcpClient(port)];
    await expect.poll(async () => (await desk.clientOptions()).length).toBe(3);
    ada.write('hello from ada\n');
    await pollUntil('bob and eve got it', () => (bob.received.length > 0 && eve.received.length > 0 ? true : undefined));
    bob.write('hi ada\n');
    await pollUntil('ada and eve got bob\'s', () => (ada.received.toString() === 'hi ada\n' && eve.received.toString() === 'hello from ada\nhi ada\n' ? true : undefined));
    expect(bob.received.toString()).toBe('hello from ada\n');
    // Shown in the log: each relayed copy is a tx row to its client, marked with the rule.
    await expect(desk.entries({ dir: 'tx' })).toHaveCount(4);
    await expect(desk.entries({ dir: 'tx', peer: eve.address })).toHaveCount(2);
    await expect(desk.entries({ dir: 'tx', peer: ada.address }).first()).toContainText('rule Chat room');
  });

  test('a regex rule made in the editor answers Hello, Ada! to name=Ada; its preview said so first', async ({ app, desk, peers }) => {
    const rules = new AutoReplyDesk(app);
    const port = await openUdp(desk);
    await rules.startNewRule();
    await rules.regexRule('Greeter', '^name=(\\w+)', 'Hello, {{$1}}!');
    await rules.trySample('name=Ada');
    await expect(rules.preview).toHaveAttribute('data-state', 'bytes');
    await expect(app.getByTestId('rule-preview-text')).toHaveText('Hello, Ada!');
    await rules.trySample('nobody');
    await expect(rules.preview).toHaveAttribute('data-state', 'no-match');
    await rules.save();
    await expect(rules.editor).toBeHidden();
    const peer = await peers.udpPeer();
    await peer.send('name=Ada', port);
    await pollUntil('the greeting', () => (peer.received.length === 1 ? true : undefined));
    expect(peer.received[0]!.data.toString()).toBe('Hello, Ada!');
    await peer.send('no name here', port);
    await expect(desk.entries({ dir: 'rx' })).toHaveCount(2);
    expect(peer.received).toHaveLength(1);
  });

  test('an invalid regex shows where it is wrong in both languages, and nothing changes', async ({ app, desk, peers }) => {
    const rules = new AutoReplyDesk(app);
    const port = await openUdp(desk);
    await rules.addPreset('echo');
    await rules.unfold();
    for (const [language, sentence] of [
      ['zh', '正则表达式第 6 个字符处有误：“(” 没有闭合'],
      ['en', 'Invalid regular expression at character 6: the “(” is never closed'],
    ] as const) {
      await desk.switchLanguage(language);
      await rules.startNewRule();
      await rules.regexRule('Broken', 'name=(\\w+', 'Hello, {{$1}}!');
      await expect(rules.editorError).toHaveText(sentence);
      await expect(rules.editorError).toHaveAttribute('data-part', 'match');
      await rules.save();
      // Refused: the dialog stays with its error, the list is as it was.
      await expect(rules.editor).toBeVisible();
      await expect(rules.editorError).toHaveText(sentence);
      await rules.cancel();
      await expect(rules.rules).toHaveCount(1);
    }
    // The engine still runs the rules it had: the echo answers.
    const peer = await peers.udpPeer();
    await peer.send('still here', port);
    await pollUntil('the echo', () => (peer.received.length === 1 ? true : undefined));
    expect(peer.received[0]!.data.toString()).toBe('still here');
  });

  test('the rules belong to the tab: a reloaded page shows them with their hit counts, and they kept answering', async ({ app, desk, peers }) => {
    const rules = new AutoReplyDesk(app);
    const port = await openUdp(desk);
    await rules.addPreset('upper');
    const peer = await peers.udpPeer();
    await peer.send('before', port);
    await pollUntil('the first reply', () => (peer.received.length === 1 ? true : undefined));
    await app.reload();
    await expect(desk.openToggle).toHaveAttribute('data-state', 'open');
    await peer.send('after', port);
    await pollUntil('the second reply', () => (peer.received.length === 2 ? true : undefined));
    expect(peer.received.map((d) => d.data.toString())).toEqual(['BEFORE', 'AFTER']);
    await rules.unfold();
    await expect(rules.rules).toHaveCount(1);
    await expect.poll(() => rules.hitsOf('Upper case')).toBe(2);
  });
});
