import { describe, expect, it } from 'vitest';
import { MessageInbox, type InboxMessage } from './message-inbox';

const peer = { address: '127.0.0.1', port: 9, family: 'IPv4' as const };
const message = (text: string, ts = 0) => ({ peer, ts, bytes: new TextEncoder().encode(text) });
const textOf = (m: InboxMessage | string) => (typeof m === 'string' ? m : new TextDecoder().decode(m.bytes));
const is = (text: string) => (m: InboxMessage) => textOf(m) === text;

describe('a sequence run\'s inbox', () => {
  it('takes only the matching message, oldest first, and keeps the others for a later expect', () => {
    const inbox = new MessageInbox();
    for (const text of ['a', 'b', 'a']) inbox.push(message(text));
    expect(textOf(inbox.take(is('b'))!)).toBe('b');
    expect(inbox.take(is('b'))).toBeUndefined();
    expect(textOf(inbox.take(is('a'))!)).toBe('a');
    inbox.clear();
    expect(inbox.take(is('a'))).toBeUndefined();
  });

  it('keeps a bounded backlog: the oldest go first', () => {
    const inbox = new MessageInbox();
    for (let i = 0; i < 1100; i++) inbox.push(message(String(i)));
    expect(inbox.take(is('0'))).toBeUndefined();
    expect(inbox.take(is('75'))).toBeUndefined();
    expect(inbox.take(is('76'))).toBeDefined();
    expect(inbox.take(is('1099'))).toBeDefined();
  });

  it('copies what it keeps: a socket buffer reused afterwards does not change it', () => {
    const inbox = new MessageInbox();
    const bytes = new TextEncoder().encode('abc');
    inbox.push({ peer, ts: 0, bytes });
    bytes.fill(0x7a);
    expect(inbox.take(is('abc'))).toBeDefined();
  });

  it('a wait resolves with a message as it arrives, or times out, or is cancelled', async () => {
    const inbox = new MessageInbox();
    const waiting = inbox.wait(is('yes'), 2000);
    inbox.push(message('no', 1));
    inbox.push(message('yes', 2));
    const got = await waiting.result;
    expect(typeof got === 'string' ? got : [textOf(got), got.ts]).toEqual(['yes', 2]);
    // Not matched, so kept for later.
    expect(inbox.take(is('no'))).toBeDefined();

    expect(await inbox.wait(is('never'), 20).result).toBe('timeout');
    const cancelled = inbox.wait(is('never'), 10_000);
    cancelled.cancel();
    expect(await cancelled.result).toBe('cancelled');
    // The cancelled waiter no longer takes messages.
    inbox.push(message('never'));
    expect(inbox.take(is('never'))).toBeDefined();
  });
});
