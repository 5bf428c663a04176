import { describe, expect, it } from 'vitest';
import type { Result } from '@shared/contract/errors';
import { decodeWireMessage, encodeWireMessage, type WireMessage } from '@shared/wire/wire-codec';
import { localizeError, TRANSPORT_REASONS } from '../i18n/localize-error';
import { backoffDelay, DEFAULT_BACKOFF, type Schedule } from './backoff';
import type { HostLinkState } from './host-link';
import { TOKEN_CHECK_TIMEOUT_MS, type FetchLike } from './token-check';
import { createWsTransport, wsUrlFor } from './ws-transport';

/** Just enough of a browser WebSocket for the transport: the test plays the host. */
class FakeSocket {
  static all: FakeSocket[] = [];
  static get last(): FakeSocket | undefined {
    return FakeSocket.all.at(-1);
  }
  binaryType = 'blob';
  closed = false;
  readonly sent: WireMessage[] = [];
  private readonly handlers = new Map<string, Array<(event: unknown) => void>>();
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  addEventListener(type: string, handler: (event: unknown) => void): void {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), handler]);
  }
  send(data: Uint8Array): void {
    const decoded = decodeWireMessage(data);
    if (!decoded.ok) throw new Error('transport sent a malformed message');
    this.sent.push(decoded.value as WireMessage);
  }
  close(): void {
    this.closed = true;
  }
  emit(type: string, event: unknown = {}): void {
    for (const handler of this.handlers.get(type) ?? []) handler(event);
  }
  /** What a browser does when the upgrade fails or the link drops: `error`, then `close`. */
  drop(): void {
    this.emit('error');
    this.emit('close');
  }
  reply(message: WireMessage): void {
    const bytes = encodeWireMessage(message);
    this.emit('message', { data: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) });
  }
}

/** Time as the test says: timers run only inside `advance`. */
function fakeClock() {
  let now = 0;
  const timers: Array<{ at: number; ms: number; run: () => void; live: boolean }> = [];
  const schedule: Schedule = (run, ms) => {
    const timer = { at: now + ms, ms, run, live: true };
    timers.push(timer);
    return () => void (timer.live = false);
  };
  const advance = (ms: number): void => {
    const end = now + ms;
    for (;;) {
      const next = timers.filter((t) => t.live && t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      now = next.at;
      next.live = false;
      next.run();
    }
    now = end;
  };
  /** Waiting back-off timers (the token check's timeout is the other kind; jitter keeps them apart). */
  const retryDelays = (): number[] => timers.filter((t) => t.live && t.ms !== TOKEN_CHECK_TIMEOUT_MS).map((t) => t.ms);
  const live = (): number => timers.filter((t) => t.live).length;
  return { schedule, advance, retryDelays, live };
}

/** The host's token check: answers as `answer` says, recording each question. */
function fakeFetch(answer: () => Promise<{ status: number }>) {
  const calls: Array<{ url: string; cache: string; signal: AbortSignal }> = [];
  const fetch: FetchLike = (url, init) => {
    calls.push({ url, ...init });
    return answer();
  };
  return { fetch, calls };
}

const status = (code: number) => () => Promise.resolve({ status: code });
const networkError = () => Promise.reject(new TypeError('Failed to fetch'));
/** Lets the token check's promise settle. */
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

const page = { protocol: 'http:', host: '127.0.0.1:4000', search: '?token=abc%2Fdef' };

/** random 0.75 → every delay is +10 %: visible jitter, and never equal to the token check's 5 s timeout. */
function setup(answer: () => Promise<{ status: number }> = networkError, location = page) {
  FakeSocket.all = [];
  const clock = fakeClock();
  const host = fakeFetch(answer);
  const states: HostLinkState[] = [];
  const transport = createWsTransport(location, {
    WebSocketImpl: FakeSocket as unknown as typeof WebSocket,
    fetch: host.fetch,
    schedule: clock.schedule,
    random: () => 0.75,
  });
  transport.onLinkState((s) => states.push(s));
  const socket = (): FakeSocket => FakeSocket.last!;
  /** The current attempt fails before opening; resolves once the token check has answered. */
  const failAttempt = async (): Promise<void> => {
    socket().drop();
    await settle();
  };
  return { transport, clock, host, states, socket, failAttempt };
}

const reasonOf = (result: Result<unknown>): unknown => (result.ok ? undefined : result.error.params?.reason);

describe('wsUrlFor', () => {
  it('builds the socket address from the page address and its token', () => {
    expect(wsUrlFor(page)).toBe('ws://127.0.0.1:4000/ws?token=abc%2Fdef');
    expect(wsUrlFor({ ...page, protocol: 'https:' })).toBe('wss://127.0.0.1:4000/ws?token=abc%2Fdef');
    expect(wsUrlFor({ ...page, search: '' })).toBeUndefined();
  });
});

describe('backoffDelay', () => {
  it('doubles from 250 ms to a 5 s cap, spread ±20 %', () => {
    const middle = () => 0.5;
    expect([0, 1, 2, 3, 4, 5, 6, 1000].map((n) => backoffDelay(n, DEFAULT_BACKOFF, middle))).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000, 5000]);
    expect(backoffDelay(0, DEFAULT_BACKOFF, () => 0)).toBe(200);
    expect(backoffDelay(9, DEFAULT_BACKOFF, () => 0)).toBe(4000);
    expect(backoffDelay(9, DEFAULT_BACKOFF, () => 0.999_999)).toBe(6000);
  });
});

describe('createWsTransport', () => {
  it('queues calls during the first attempt, then matches replies by id', async () => {
    const { transport, socket } = setup();
    expect(socket().binaryType).toBe('arraybuffer');
    expect(transport.linkState()).toBe('connecting');
    const pending = transport.invoke('system.interfaces', {});
    expect(socket().sent).toHaveLength(0);
    socket().emit('open');
    expect(transport.linkState()).toBe('open');
    const call = socket().sent[0]!;
    expect(call).toMatchObject({ t: 'invoke', name: 'system.interfaces', args: {} });
    socket().reply({ t: 'result', id: (call as { id: number }).id, result: { ok: true, value: { interfaces: [] } } });
    await expect(pending).resolves.toEqual({ ok: true, value: { interfaces: [] } });
  });

  it('sends queued calls before telling listeners the link is open', () => {
    const { transport, socket } = setup();
    void transport.invoke('system.interfaces', {});
    transport.onLinkState((s) => {
      if (s === 'open') void transport.invoke('workspace.attach', {});
    });
    socket().emit('open');
    expect(socket().sent.map((m) => (m as { name: string }).name)).toEqual(['system.interfaces', 'workspace.attach']);
  });

  it('carries bytes as binary both ways and delivers events to listeners', () => {
    const { transport, socket } = setup();
    socket().emit('open');
    void transport.invoke('session.send', { sessionId: 's1', bytes: Uint8Array.of(1, 2, 3) });
    expect(socket().sent[0]).toMatchObject({ args: { bytes: Uint8Array.of(1, 2, 3) } });
    const seen: unknown[] = [];
    const off = transport.on('traffic.batch', (payload) => seen.push(payload));
    socket().reply({ t: 'event', name: 'traffic.batch', payload: { sessionId: 's1', batchSeq: 0, packed: Uint8Array.of(9) } });
    off();
    socket().reply({ t: 'event', name: 'traffic.batch', payload: { sessionId: 's1', batchSeq: 1, packed: Uint8Array.of(9) } });
    expect(seen).toEqual([{ sessionId: 's1', batchSeq: 0, packed: Uint8Array.of(9) }]);
  });

  it('never rejects: a dropped socket resolves pending calls with a sentence, and reconnects', async () => {
    const { transport, socket, states, clock, host } = setup();
    socket().emit('open');
    const pending = transport.invoke('session.close', { sessionId: 's1' });
    socket().drop();
    const result = await pending;
    expect(reasonOf(result)).toBe(TRANSPORT_REASONS.closed);
    if (!result.ok) expect(localizeError(result.error, 'en')).toContain('connection to the SocketDesk host was lost');
    expect(states).toEqual(['open', 'reconnecting']);
    // A socket that had opened proves the token was good: no check, just the first back-off step.
    await settle();
    expect(host.calls).toHaveLength(0);
    expect(clock.retryDelays()).toEqual([275]);
    clock.advance(275);
    expect(FakeSocket.all).toHaveLength(2);
    expect(socket().url).toBe('ws://127.0.0.1:4000/ws?token=abc%2Fdef');
    socket().emit('open');
    expect(states).toEqual(['open', 'reconnecting', 'open']);
  });

  it('backs off with growing delays up to the cap, asking about the token once per failed attempt', async () => {
    const { transport, socket, clock, host, failAttempt } = setup(networkError);
    socket().emit('open');
    socket().drop();
    const delays: number[] = [clock.retryDelays()[0]!];
    clock.advance(delays[0]!);
    for (let attempt = 0; attempt < 6; attempt++) {
      await failAttempt();
      expect(clock.retryDelays()).toHaveLength(1);
      delays.push(clock.retryDelays()[0]!);
      clock.advance(delays.at(-1)!);
    }
    expect(delays).toEqual([275, 550, 1100, 2200, 4400, 5500, 5500]);
    expect(host.calls).toHaveLength(6);
    expect(FakeSocket.all).toHaveLength(8);
    expect(transport.linkState()).toBe('reconnecting');
  });

  it('a successful open resets the back-off', async () => {
    const { socket, clock, failAttempt } = setup();
    await failAttempt();
    clock.advance(clock.retryDelays()[0]!);
    await failAttempt();
    clock.advance(clock.retryDelays()[0]!);
    await failAttempt();
    expect(clock.retryDelays()).toEqual([1100]);
    clock.advance(1100);
    socket().emit('open');
    socket().drop();
    expect(clock.retryDelays()).toEqual([275]);
  });

  it('keeps delivering events to listeners registered before a reconnect, and ignores the old socket', () => {
    const { transport, socket, clock } = setup();
    const seen: unknown[] = [];
    transport.on('session.state', (payload) => seen.push(payload));
    socket().emit('open');
    const first = socket();
    first.drop();
    clock.advance(275);
    socket().emit('open');
    const event = { sessionId: 's1', state: 'open' } as const;
    socket().reply({ t: 'event', name: 'session.state', payload: event });
    first.reply({ t: 'event', name: 'session.state', payload: { sessionId: 'stale', state: 'closed' } });
    expect(seen).toEqual([event]);
  });

  it('fails calls at once while reconnecting instead of queueing them', async () => {
    const { transport, socket } = setup();
    socket().emit('open');
    socket().drop();
    const result = await transport.invoke('system.interfaces', {});
    expect(reasonOf(result)).toBe(TRANSPORT_REASONS.closed);
    expect(FakeSocket.all.flatMap((s) => s.sent)).toHaveLength(0);
  });

  it('fails calls at once during a reconnect attempt too: only the very first attempt queues', async () => {
    const { transport, socket, clock } = setup();
    socket().emit('open');
    socket().drop();
    clock.advance(275);
    expect(FakeSocket.all).toHaveLength(2);
    expect(reasonOf(await transport.invoke('system.interfaces', {}))).toBe(TRANSPORT_REASONS.closed);
    socket().emit('open');
    expect(socket().sent).toHaveLength(0);
  });

  it('resolves calls queued during the first attempt when it fails', async () => {
    const { transport, socket } = setup();
    const queued = transport.invoke('system.interfaces', {});
    socket().drop();
    expect(reasonOf(await queued)).toBe(TRANSPORT_REASONS.closed);
    expect(transport.linkState()).toBe('reconnecting');
  });

  it('stops at bad-token when the host rejects the token after a failed attempt', async () => {
    const { transport, clock, host, states, failAttempt } = setup(status(401));
    await failAttempt();
    expect(host.calls).toEqual([{ url: 'http://127.0.0.1:4000/api/token-check?token=abc%2Fdef', cache: 'no-store', signal: expect.any(AbortSignal) }]);
    expect(transport.linkState()).toBe('bad-token');
    expect(states).toEqual(['reconnecting', 'bad-token']);
    expect(clock.live()).toBe(0);
    clock.advance(60_000);
    expect(FakeSocket.all).toHaveLength(1);
    expect(host.calls).toHaveLength(1);
    const result = await transport.invoke('system.interfaces', {});
    expect(reasonOf(result)).toBe(TRANSPORT_REASONS.badToken);
    if (result.ok) throw new Error('expected a failure');
    expect(localizeError(result.error, 'en')).toContain('npm run serve');
    expect(localizeError(result.error, 'zh-CN')).toContain('访问令牌已失效');
  });

  it('reaches bad-token when the host comes back with a new token (the stale page case)', async () => {
    let hostUp = false;
    const { transport, socket, clock, failAttempt } = setup(() => (hostUp ? status(401)() : networkError()));
    socket().emit('open');
    socket().drop(); // the host stops
    clock.advance(275);
    await failAttempt(); // still down: keep trying
    expect(transport.linkState()).toBe('reconnecting');
    clock.advance(clock.retryDelays()[0]!);
    hostUp = true;
    await failAttempt(); // up again, but with another token
    expect(transport.linkState()).toBe('bad-token');
    expect(clock.live()).toBe(0);
  });

  it.each([
    ['204 (token fine, the socket failed for another reason)', status(204)],
    ['a network error (host down)', networkError],
    ['another status (a host without the check)', status(404)],
  ])('keeps retrying when the token check answers %s', async (_what, answer) => {
    const { transport, clock, host, failAttempt } = setup(answer);
    await failAttempt();
    expect(transport.linkState()).toBe('reconnecting');
    expect(clock.retryDelays()).toEqual([275]);
    clock.advance(275);
    await failAttempt();
    expect(clock.retryDelays()).toEqual([550]);
    expect(FakeSocket.all).toHaveLength(2);
    expect(host.calls).toHaveLength(2);
  });

  it('gives up on a token check that hangs, aborts it, and keeps retrying', async () => {
    const { transport, clock, host, failAttempt } = setup(() => new Promise(() => undefined));
    await failAttempt();
    expect(clock.retryDelays()).toEqual([]);
    clock.advance(TOKEN_CHECK_TIMEOUT_MS);
    expect(host.calls[0]!.signal.aborted).toBe(true);
    expect(transport.linkState()).toBe('reconnecting');
    expect(clock.retryDelays()).toEqual([275]);
  });

  it('counts a WebSocket constructor that throws as a failed attempt', async () => {
    FakeSocket.all = [];
    const clock = fakeClock();
    let throws = true;
    class Refusing extends FakeSocket {
      constructor(url: string) {
        if (throws) throw new DOMException('blocked', 'SecurityError');
        super(url);
      }
    }
    const transport = createWsTransport(page, { WebSocketImpl: Refusing as unknown as typeof WebSocket, fetch: fakeFetch(networkError).fetch, schedule: clock.schedule, random: () => 0.75 });
    await settle();
    expect(transport.linkState()).toBe('reconnecting');
    throws = false;
    clock.advance(275);
    FakeSocket.last!.emit('open');
    expect(transport.linkState()).toBe('open');
  });

  it('dispose stops for good: closed, no more attempts, pending calls answered', async () => {
    const { transport, socket, clock, states } = setup();
    socket().emit('open');
    const pending = transport.invoke('system.interfaces', {});
    transport.dispose();
    expect(socket().closed).toBe(true);
    expect(reasonOf(await pending)).toBe(TRANSPORT_REASONS.closed);
    socket().drop(); // the browser's close event, after the fact
    clock.advance(60_000);
    expect(FakeSocket.all).toHaveLength(1);
    expect(states).toEqual(['open', 'closed']);
    expect(reasonOf(await transport.invoke('system.interfaces', {}))).toBe(TRANSPORT_REASONS.closed);
  });

  it('dispose cancels a waiting retry and ignores a token check still in flight', async () => {
    let answer: (value: { status: number }) => void = () => undefined;
    const { transport, socket, clock } = setup(() => new Promise((resolve) => (answer = resolve)));
    socket().drop();
    transport.dispose();
    answer({ status: 204 });
    await settle();
    expect(clock.live()).toBe(0);
    clock.advance(60_000);
    expect(FakeSocket.all).toHaveLength(1);
    expect(transport.linkState()).toBe('closed');
  });

  it('says the token is missing instead of trying to connect', async () => {
    const { transport, host } = setup(networkError, { ...page, search: '' });
    expect(FakeSocket.all).toHaveLength(0);
    expect(transport.linkState()).toBe('no-token');
    const result = await transport.invoke('system.interfaces', {});
    expect(!result.ok && localizeError(result.error, 'zh-CN')).toContain('缺少访问令牌');
    expect(host.calls).toHaveLength(0);
  });

  it('turns a malformed reply into an error value', async () => {
    const { transport, socket } = setup();
    socket().emit('open');
    const pending = transport.invoke('system.interfaces', {});
    socket().reply({ t: 'result', id: (socket().sent[0] as { id: number }).id, result: { nonsense: true } });
    expect(await pending).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });
});
