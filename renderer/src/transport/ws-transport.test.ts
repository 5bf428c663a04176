import { describe, expect, it } from 'vitest';
import { decodeWireMessage, encodeWireMessage, type WireMessage } from '@shared/wire/wire-codec';
import { localizeError } from '../i18n/localize-error';
import { createWsTransport, wsUrlFor } from './ws-transport';

/** Just enough of a browser WebSocket for the transport: the test plays the host. */
class FakeSocket {
  static last: FakeSocket | undefined;
  binaryType = 'blob';
  readonly sent: WireMessage[] = [];
  private readonly handlers = new Map<string, Array<(event: unknown) => void>>();
  constructor(readonly url: string) {
    FakeSocket.last = this;
  }
  addEventListener(type: string, handler: (event: unknown) => void): void {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), handler]);
  }
  send(data: Uint8Array): void {
    const decoded = decodeWireMessage(data);
    if (!decoded.ok) throw new Error('transport sent a malformed message');
    this.sent.push(decoded.value as WireMessage);
  }
  emit(type: string, event: unknown = {}): void {
    for (const handler of this.handlers.get(type) ?? []) handler(event);
  }
  reply(message: WireMessage): void {
    const bytes = encodeWireMessage(message);
    this.emit('message', { data: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) });
  }
}

const page = { protocol: 'http:', host: '127.0.0.1:4000', search: '?token=abc%2Fdef' };
const make = (location = page) => createWsTransport(location, FakeSocket as unknown as typeof WebSocket);

describe('wsUrlFor', () => {
  it('builds the socket address from the page address and its token', () => {
    expect(wsUrlFor(page)).toBe('ws://127.0.0.1:4000/ws?token=abc%2Fdef');
    expect(wsUrlFor({ ...page, protocol: 'https:' })).toBe('wss://127.0.0.1:4000/ws?token=abc%2Fdef');
    expect(wsUrlFor({ ...page, search: '' })).toBeUndefined();
  });
});

describe('createWsTransport', () => {
  it('queues calls until the socket opens, then matches replies by id', async () => {
    const transport = make();
    const socket = FakeSocket.last!;
    expect(socket.binaryType).toBe('arraybuffer');
    expect(transport.linkState()).toBe('connecting');
    const pending = transport.invoke('system.interfaces', {});
    expect(socket.sent).toHaveLength(0);
    socket.emit('open');
    expect(transport.linkState()).toBe('open');
    const call = socket.sent[0]!;
    expect(call).toMatchObject({ t: 'invoke', name: 'system.interfaces', args: {} });
    socket.reply({ t: 'result', id: (call as { id: number }).id, result: { ok: true, value: { interfaces: [] } } });
    await expect(pending).resolves.toEqual({ ok: true, value: { interfaces: [] } });
  });

  it('carries bytes as binary both ways and delivers events to listeners', async () => {
    const transport = make();
    const socket = FakeSocket.last!;
    socket.emit('open');
    void transport.invoke('session.send', { sessionId: 's1', bytes: Uint8Array.of(1, 2, 3) });
    expect(socket.sent[0]).toMatchObject({ args: { bytes: Uint8Array.of(1, 2, 3) } });
    const seen: unknown[] = [];
    const off = transport.on('traffic.batch', (payload) => seen.push(payload));
    socket.reply({ t: 'event', name: 'traffic.batch', payload: { sessionId: 's1', batchSeq: 0, packed: Uint8Array.of(9) } });
    off();
    socket.reply({ t: 'event', name: 'traffic.batch', payload: { sessionId: 's1', batchSeq: 1, packed: Uint8Array.of(9) } });
    expect(seen).toEqual([{ sessionId: 's1', batchSeq: 0, packed: Uint8Array.of(9) }]);
  });

  it('never rejects: a dropped socket resolves pending and later calls with a sentence', async () => {
    const transport = make();
    const socket = FakeSocket.last!;
    socket.emit('open');
    const states: string[] = [];
    transport.onLinkState((s) => states.push(s));
    const pending = transport.invoke('session.close', { sessionId: 's1' });
    socket.emit('close');
    const result = await pending;
    expect(result.ok).toBe(false);
    if (!result.ok) expect(localizeError(result.error, 'en')).toContain('connection to the SocketDesk host was lost');
    expect((await transport.invoke('system.interfaces', {})).ok).toBe(false);
    expect(states).toEqual(['closed']);
  });

  it('says the token is missing instead of trying to connect', async () => {
    FakeSocket.last = undefined;
    const transport = make({ ...page, search: '' });
    expect(FakeSocket.last).toBeUndefined();
    expect(transport.linkState()).toBe('no-token');
    const result = await transport.invoke('system.interfaces', {});
    expect(!result.ok && localizeError(result.error, 'zh-CN')).toContain('缺少访问令牌');
  });

  it('turns a malformed reply into an error value', async () => {
    const transport = make();
    const socket = FakeSocket.last!;
    socket.emit('open');
    const pending = transport.invoke('system.interfaces', {});
    socket.reply({ t: 'result', id: (socket.sent[0] as { id: number }).id, result: { nonsense: true } });
    expect(await pending).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });
});
