import { decodeWireMessage, encodeWireMessage, ok, type EventSink } from '@shared';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SettingsFile } from '../engine/settings-file';
import { SAMPLE_SETTINGS } from '../test-support/sample-settings';
import { MAX_WS_PAYLOAD_BYTES, startBrowserHost, type BrowserHost } from './browser-host';
import { TOKEN_CHECK_PATH } from './token-check';
import { CONTENT_SECURITY_POLICY } from '@shared/contract/content-security-policy';
import { httpGet } from './test-support/http-get';
import { waitFor } from '../test-support/wait-for';
import { connectWsClient, tryConnect, wsUrlOf, type WsContractClient } from './test-support/ws-client';
import type { WorkspaceEngine } from '../engine/workspace-host';

/** Records what reaches the engine; answers every command with its name. */
class StubEngine implements WorkspaceEngine {
  static all: StubEngine[] = [];
  readonly calls: Array<{ name: string; args: unknown }> = [];
  disposed = false;
  detached = 0;
  constructor(readonly sink: EventSink) {
    StubEngine.all.push(this);
  }
  handle = (async (name: string, args: unknown) => {
    this.calls.push({ name, args });
    return ok({ handled: name });
  }) as WorkspaceEngine['handle'];
  detachDisplay(): void {
    this.detached++;
  }
  async dispose(): Promise<void> {
    this.disposed = true;
  }
}

let staticDir: string;
let host: BrowserHost;
/** The one engine of `host`: every page (WebSocket) of it talks to this one. */
let engine: StubEngine;
let origin: string;
const clients: WsContractClient[] = [];

/** A wire message with exactly this JSON header and no blobs (shared/wire/wire-codec.ts). */
function frameJson(json: string): Buffer {
  const body = Buffer.from(json, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(body.length, 0);
  return Buffer.concat([length, body]);
}

async function connect(): Promise<WsContractClient> {
  const client = await connectWsClient(wsUrlOf(host.url), origin);
  clients.push(client);
  return client;
}

beforeAll(async () => {
  staticDir = await mkdtemp(join(tmpdir(), 'socketdesk-host-'));
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>SocketDesk</title>');
  host = await startBrowserHost({ staticDir, createEngine: (sink) => new StubEngine(sink) });
  engine = StubEngine.all.at(-1)!;
  origin = `http://127.0.0.1:${host.port}`;
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  await host.close();
  await rm(staticDir, { recursive: true, force: true });
});

describe('browser host: HTTP', () => {
  it('prints a loopback URL with a random token', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
    expect(host.url).toContain(`:${host.port}/`);
    expect(host.url.endsWith(host.token)).toBe(true);
  });

  it('serves the UI with the CSP header', async () => {
    const reply = await httpGet(host.port, '/');
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('SocketDesk');
    expect(reply.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const reply = await httpGet(host.port, '/', { Host: `evil.example:${host.port}` });
    expect(reply.status).toBe(403);
    expect(reply.body).not.toContain('SocketDesk');
  });
});

describe('browser host: token check (a page tells a stale token from a host that is down)', () => {
  const check = (token: string | null, headers: Record<string, string> = {}, method = 'GET') =>
    httpGet(host.port, token === null ? TOKEN_CHECK_PATH : `${TOKEN_CHECK_PATH}?token=${encodeURIComponent(token)}`, headers, method);

  it('answers 204 for the host’s token, uncached and with the security headers', async () => {
    const reply = await check(host.token);
    expect(reply.status).toBe(204);
    expect(reply.body).toBe('');
    expect(reply.headers['cache-control']).toBe('no-store');
    expect(reply.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect((await check(host.token, {}, 'HEAD')).status).toBe(204);
  });

  it('answers 401 for a wrong, shortened, longer, empty or missing token, uncached', async () => {
    for (const token of ['wrong', host.token.slice(0, -1), `${host.token}x`, '', null]) {
      const reply = await check(token);
      expect(reply.status, String(token)).toBe(401);
      expect(reply.headers['cache-control']).toBe('no-store');
    }
  });

  it('a restarted host (new random token) refuses the old one', async () => {
    const restarted = await startBrowserHost({ staticDir, createEngine: (sink) => new StubEngine(sink) });
    try {
      expect(restarted.token).not.toBe(host.token);
      const stale = await httpGet(restarted.port, `${TOKEN_CHECK_PATH}?token=${host.token}`);
      expect(stale.status).toBe(401);
    } finally {
      await restarted.close();
    }
  });

  it('checks the Host header first (DNS rebinding) and takes only GET and HEAD', async () => {
    expect((await check(host.token, { Host: `evil.example:${host.port}` })).status).toBe(403);
    const posted = await check(host.token, {}, 'POST');
    expect(posted.status).toBe(405);
    expect(posted.headers.allow).toBe('GET, HEAD');
  });
});

/**
 * Connects and sends the start of a request header, then either nothing more or one more byte every `dripMs`
 * (bounded), as a slow-loris client would. Resolves with the ms until the server hung up, or null if it had not
 * within `giveUpMs`.
 */
function stallHeader(port: number, dripMs: number | null, giveUpMs: number): Promise<number | null> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.on('error', () => socket.destroy());
    socket.resume(); // read (and drop) the 408, or the server's end of the stream is never seen
    socket.once('connect', () => socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`));
    const drip = dripMs === null ? undefined : setInterval(() => socket.write('X'), dripMs);
    const giveUp = setTimeout(() => socket.destroy(), giveUpMs);
    socket.once('close', () => {
      clearInterval(drip);
      clearTimeout(giveUp);
      const elapsed = Date.now() - started;
      resolve(elapsed >= giveUpMs ? null : elapsed);
    });
  });
}

describe('browser host: HTTP timeouts', () => {
  it('cuts a client that does not finish its request header within headersTimeoutMs', async () => {
    const quick = await startBrowserHost({ staticDir, headersTimeoutMs: 1_000, createEngine: (sink) => new StubEngine(sink) });
    try {
      const [silent, dripping] = await Promise.all([stallHeader(quick.port, null, 5_000), stallHeader(quick.port, 100, 5_000)]);
      expect({ silent, dripping }).toEqual({ silent: expect.any(Number), dripping: expect.any(Number) });
      for (const elapsed of [silent!, dripping!]) {
        expect(elapsed).toBeGreaterThanOrEqual(900);
        expect(elapsed).toBeLessThanOrEqual(1_500);
      }
      expect((await httpGet(quick.port, '/')).status).toBe(200); // the server itself is unaffected
    } finally {
      await quick.close();
    }
  });

  it('does not cut a WebSocket that stays open longer than the HTTP timeouts', async () => {
    const quick = await startBrowserHost({
      staticDir,
      headersTimeoutMs: 300,
      requestTimeoutMs: 500,
      createEngine: (sink) => new StubEngine(sink),
    });
    try {
      const client = await connectWsClient(wsUrlOf(quick.url), `http://127.0.0.1:${quick.port}`);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(client.socket.readyState).toBe(WebSocket.OPEN);
      expect(await client.invoke('system.interfaces', {})).toMatchObject({ ok: true });
      await client.close();
    } finally {
      await quick.close();
    }
  });
});

describe('browser host: WebSocket admission', () => {
  it('refuses a socket without the token (401)', async () => {
    const url = new URL(wsUrlOf(host.url));
    url.search = '';
    expect(await tryConnect(url.href, origin)).toEqual({ ok: false, status: 401 });
  });

  it('refuses a wrong token (401), including a prefix of the right one', async () => {
    expect(await tryConnect(wsUrlOf(host.url, 'wrong'), origin)).toEqual({ ok: false, status: 401 });
    expect(await tryConnect(wsUrlOf(host.url, host.token.slice(0, -1)), origin)).toEqual({ ok: false, status: 401 });
  });

  it('refuses a foreign or missing Origin even with the right token (403)', async () => {
    for (const bad of ['http://evil.example', `http://evil.example:${host.port}`, `http://127.0.0.1:${host.port + 1}`, 'null', `https://127.0.0.1:${host.port}`]) {
      expect(await tryConnect(wsUrlOf(host.url), bad), bad).toEqual({ ok: false, status: 403 });
    }
    expect(await tryConnect(wsUrlOf(host.url))).toEqual({ ok: false, status: 403 });
  });

  it('refuses other paths (404)', async () => {
    const url = new URL(wsUrlOf(host.url));
    url.pathname = '/other';
    expect(await tryConnect(url.href, origin)).toEqual({ ok: false, status: 404 });
  });

  it('accepts the right token from each of its own origins', async () => {
    for (const name of ['127.0.0.1', 'localhost', '[::1]']) {
      const attempt = await tryConnect(wsUrlOf(host.url), `http://${name}:${host.port}`);
      expect(attempt.ok, name).toBe(true);
      if (attempt.ok) attempt.socket.close();
    }
  });
});

describe('browser host: messages', () => {
  it('passes a valid invoke through the command gate to the engine, bytes intact', async () => {
    const client = await connect();
    const bytes = new Uint8Array([0, 1, 254, 255]);
    expect(await client.invoke('session.send', { sessionId: 's1', bytes, to: { host: '127.0.0.1', port: 9 } })).toEqual({
      ok: true,
      value: { handled: 'session.send' },
    });
    const call = engine.calls.at(-1)!;
    expect(call.name).toBe('session.send');
    const received = (call.args as { bytes: Uint8Array }).bytes;
    expect(received).toBeInstanceOf(Uint8Array);
    expect([...received]).toEqual([...bytes]);
  });

  it('stops invalid commands at the gate with INVALID_ARGUMENT', async () => {
    const client = await connect();
    const callsBefore = engine.calls.length;
    const unknown = (await client.invoke('nope', {})) as { ok: boolean; error: { code: string } };
    expect(unknown).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    const badPort = await client.invoke('session.open', { config: { kind: 'udp', localAddress: '127.0.0.1', localPort: 70000 } });
    expect(badPort).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(engine.calls.slice(callsBefore)).toEqual([]);
  });

  it('forwards engine events as binary event messages to the page that attached', async () => {
    const client = await connect();
    expect(await client.invoke('workspace.attach', {})).toMatchObject({ ok: true });
    const got: unknown[] = [];
    client.on('traffic.batch', (p) => got.push(p));
    engine.sink('traffic.batch', { sessionId: 's1', batchSeq: 0, packed: new Uint8Array([9, 8, 7]) });
    const payload = (await waitFor('the event', () => got[0])) as { packed: Uint8Array };
    expect(payload).toMatchObject({ sessionId: 's1', batchSeq: 0 });
    expect([...payload.packed]).toEqual([9, 8, 7]);
  });

  it('survives malformed input: answers what has an id, ignores the rest, stays usable', async () => {
    const client = await connect();
    const replies: unknown[] = [];
    client.socket.on('message', (data: Buffer) => {
      const decoded = decodeWireMessage(data);
      if (decoded.ok) replies.push(decoded.value);
    });
    client.socket.send('{"t":"invoke","id":1,"name":"system.interfaces","args":{}}'); // text frame
    client.socket.send(Buffer.from([1, 2, 3])); // too short
    client.socket.send(Buffer.from([0xff, 0xff, 0xff, 0x7f, 0])); // JSON length overruns
    client.socket.send(encodeWireMessage('just a string'));
    client.socket.send(encodeWireMessage(null));
    client.socket.send(encodeWireMessage({ t: 'invoke', name: 'system.interfaces', args: {} })); // no id
    client.socket.send(encodeWireMessage({ t: 'invoke', id: 77, name: 42, args: {} }));
    client.socket.send(encodeWireMessage({ t: 'result', id: 78, result: null }));
    client.socket.send(encodeWireMessage({ t: 'invoke', id: -1, name: 'system.interfaces', args: {} }));
    const after = await client.invoke('system.interfaces', {});
    expect(after).toEqual({ ok: true, value: { handled: 'system.interfaces' } });
    const results = replies.filter((r) => (r as { t: string }).t === 'result') as Array<{ id: number; result: unknown }>;
    expect(results.find((r) => r.id === 77)?.result).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(results.find((r) => r.id === 78)?.result).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(results.filter((r) => r.id !== 77 && r.id !== 78)).toHaveLength(1); // only the final, valid invoke
  });

  it('answers a message whose JSON carries an id even when the rest is malformed, and stays usable', async () => {
    const client = await connect();
    const callsBefore = engine.calls.length;
    const replies: unknown[] = [];
    client.socket.on('message', (data: Buffer) => {
      const decoded = decodeWireMessage(data);
      if (decoded.ok) replies.push(decoded.value);
    });
    // A blob reference with no blob behind it.
    client.socket.send(encodeWireMessage({ t: 'invoke', id: 90, name: 'session.send', args: { sessionId: 's1', bytes: { $bin: 5 } } }));
    // JSON nested deeper than a recursive parse can follow (built by hand: JSON.stringify would overflow too).
    const deep = `{"t":"invoke","id":91,"name":"system.interfaces","args":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    client.socket.send(frameJson(deep));
    // A blob section cut short after an intact JSON header.
    const whole = encodeWireMessage({ t: 'invoke', id: 92, name: 'session.send', args: { sessionId: 's1', bytes: new Uint8Array(8) } });
    client.socket.send(whole.subarray(0, whole.length - 3));
    // Answers to malformed messages are sent before the next message is read, so this one comes back last.
    expect(await client.invoke('system.interfaces', {})).toEqual({ ok: true, value: { handled: 'system.interfaces' } });
    const results = replies.filter((r) => (r as { t: string }).t === 'result') as Array<{ id: number; result: unknown }>;
    const refused = results.filter((r) => (r.result as { error?: { code?: string } }).error?.code === 'INVALID_ARGUMENT');
    expect(refused.map((r) => r.id)).toEqual([90, 91, 92]);
    expect(engine.calls.slice(callsBefore).map((c) => c.name)).toEqual(['system.interfaces']);
  });

  it('closes a socket that sends more than maxPayload, and keeps serving others', async () => {
    const client = await connect();
    const closed = new Promise<number>((resolve) => client.socket.once('close', (code) => resolve(code)));
    client.socket.send(Buffer.alloc(MAX_WS_PAYLOAD_BYTES + 1));
    expect(await closed).toBe(1009);
    const other = await connect();
    expect(await other.invoke('system.interfaces', {})).toMatchObject({ ok: true });
  });

  it('keeps the engine when the attached page’s socket closes: only its display detaches', async () => {
    const client = await connect();
    expect(await client.invoke('workspace.attach', {})).toMatchObject({ ok: true });
    const detachedBefore = engine.detached;
    await client.close();
    await waitFor('the display to detach', () => (engine.detached > detachedBefore ? true : undefined));
    expect(engine.disposed).toBe(false);
    const next = await connect();
    expect(await next.invoke('system.interfaces', {})).toMatchObject({ ok: true });
  });

  it('close() closes every connection and disposes the one engine', async () => {
    const before = StubEngine.all.length;
    const other = await startBrowserHost({ staticDir, createEngine: (sink) => new StubEngine(sink) });
    const a = await connectWsClient(wsUrlOf(other.url), `http://127.0.0.1:${other.port}`);
    const b = await connectWsClient(wsUrlOf(other.url), `http://127.0.0.1:${other.port}`);
    const engines = StubEngine.all.slice(before);
    expect(engines).toHaveLength(1);
    await other.close();
    expect(engines[0]!.disposed).toBe(true);
    expect(a.socket.readyState).not.toBe(WebSocket.OPEN);
    expect(b.socket.readyState).not.toBe(WebSocket.OPEN);
    await expect(httpGet(other.port, '/')).rejects.toThrow();
  });
});

describe('browser host: settings', () => {
  it('a page saves over its WebSocket; the next page (a reload) loads the same settings from the data directory', async () => {
    const dataDir = join(staticDir, 'data');
    const settingsHost = await startBrowserHost({ staticDir, engineOptions: { settings: new SettingsFile(dataDir) } });
    const origin = `http://127.0.0.1:${settingsHost.port}`;
    try {
      const first = await connectWsClient(wsUrlOf(settingsHost.url), origin);
      expect(await first.invoke('settings.load', {})).toEqual({ ok: true, value: { settings: null } });
      // The page sends its last save and goes away without waiting for the answer, as a reload does.
      void first.invoke('settings.save', { settings: SAMPLE_SETTINGS });
      await first.close();
      const second = await connectWsClient(wsUrlOf(settingsHost.url), origin);
      expect(await second.invoke('settings.load', {})).toEqual({ ok: true, value: { settings: SAMPLE_SETTINGS } });
      await second.close();
      expect(JSON.parse(await readFile(join(dataDir, 'settings.json'), 'utf8'))).toEqual(SAMPLE_SETTINGS);
    } finally {
      await settingsHost.close();
    }
  });
});
