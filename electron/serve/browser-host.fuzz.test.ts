import { encodeWireMessage } from '@shared';
import fc from 'fast-check';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../engine/engine';
import { SettingsFile } from '../engine/settings-file';
import { COMMAND_NAMES } from '../test-support/fuzz/command-arbitraries';
import { commandExamples, type CommandExamples } from '../test-support/fuzz/command-examples';
import { contractResultProblem } from '../test-support/fuzz/contract-result';
import { fuzzRuns } from '../test-support/fuzz/fuzz-runs';
import { loopbackGuardedEngine, type FuzzGuardCounts } from '../test-support/fuzz/loopback-guard';
import { openDescriptorCount, settledDescriptorCount } from '../test-support/fuzz/open-descriptors';
import { watchProcess, type ProcessWatch } from '../test-support/fuzz/process-watch';
import { waitFor, within } from '../test-support/wait-for';
import { startBrowserHost, type BrowserHost } from './browser-host';
import { buildFrame, frameRecipeArbitrary, promisedReplyId, type IdSource } from './test-support/fuzz-frames';
import { FuzzPage } from './test-support/fuzz-page';
import { encodeRawFrame, openRawWebSocket, type RawFrame } from './test-support/raw-ws';
import { connectWsClient, tryConnect, wsUrlOf, type WsContractClient } from './test-support/ws-client';

/*
 * Issue 11, untrusted input: the browser host with the real Engine, fuzzed over real WebSockets on loopback with
 * the right token (and without it). What gets through the host's gate reaches the engine behind a guard that keeps
 * the fuzz on loopback and inside its own directory (test-support/fuzz/loopback-guard.ts).
 */

let dir: string;
let host: BrowserHost;
let origin: string;
/** A page opened before the fuzz and kept: it cleans up and proves the host still serves. */
let control: WsContractClient;
let examples: CommandExamples;
let tcpPeer: Server;
const tcpPeerSockets = new Set<Socket>();
let udpPeer: UdpSocket;
let watch: ProcessWatch;
const guard: FuzzGuardCounts = { reached: 0, guarded: 0 };
/** Sessions the fuzz opened (newest last), for the sessionRefs of later commands. */
const openedSessions: string[] = [];

/** Closes every session of the workspace through the control page; returns how many there were. */
async function closeAllSessions(): Promise<number> {
  // A fuzzed page may have attached (taking the workspace over): attaching again takes it back.
  const attached = (await control.invoke('workspace.attach', {})) as { ok: boolean; value?: { sessions: Array<{ sessionId: string }> } };
  expect(attached.ok).toBe(true);
  const sessions = attached.value!.sessions;
  for (const { sessionId } of sessions) expect(await control.invoke('session.close', { sessionId }), sessionId).toEqual({ ok: true, value: null });
  return sessions.length;
}

/** After a fuzz: no session left open, every descriptor the fuzz opened closed again, the host still answering. */
async function expectCleanAfterFuzz(baseline: number, what: string): Promise<void> {
  const sessions = await closeAllSessions();
  const after = await settledDescriptorCount(baseline);
  console.info(`${what}: descriptors ${baseline} before, ${after} after (${sessions} sessions closed); commands past the gate ${guard.reached}, kept from the network by the guard ${guard.guarded}`);
  expect(after, `${what}: open descriptors`).toBeLessThanOrEqual(baseline);
  expect(await control.invoke('system.interfaces', {})).toMatchObject({ ok: true });
  expect(watch.unhandled, 'unhandled rejections').toEqual([]);
  expect(watch.prototypeChanges(), 'prototype pollution').toEqual([]);
}

beforeAll(async () => {
  watch = watchProcess();
  dir = await mkdtemp(join(tmpdir(), 'socketdesk-host-fuzz-'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>SocketDesk</title>');
  const sendFilePath = join(dir, 'send.bin');
  await writeFile(sendFilePath, Buffer.alloc(4096, 0x5a));
  tcpPeer = createServer((socket) => {
    tcpPeerSockets.add(socket);
    socket.on('data', (chunk) => socket.write(chunk));
    socket.on('end', () => socket.end());
    socket.on('error', () => socket.destroy());
    socket.on('close', () => tcpPeerSockets.delete(socket));
  });
  await new Promise<void>((resolve) => tcpPeer.listen(0, '127.0.0.1', resolve));
  udpPeer = createSocket('udp4');
  await new Promise<void>((resolve) => udpPeer.bind(0, '127.0.0.1', resolve));
  examples = commandExamples({
    directory: dir,
    sendFilePath,
    tcpPeerPort: (tcpPeer.address() as { port: number }).port,
    udpPeerPort: udpPeer.address().port,
  });
  host = await startBrowserHost({
    staticDir: dir,
    createEngine: (sink) => loopbackGuardedEngine(new Engine(sink, { settings: new SettingsFile(join(dir, 'data')) }), dir, guard),
  });
  origin = `http://127.0.0.1:${host.port}`;
  control = await connectWsClient(wsUrlOf(host.url), origin);
  // Whatever the host opens once and keeps (the settings directory, the interface list) is opened before the baseline.
  for (const [name, args] of [
    ['system.interfaces', {}],
    ['settings.load', {}],
    ['system.listDirectory', { path: dir }],
    ['workspace.attach', {}],
  ] as const) {
    expect(await control.invoke(name, args), name).toMatchObject({ ok: true });
  }
});

afterAll(async () => {
  watch.stop();
  await control.close();
  await host.close();
  for (const socket of tcpPeerSockets) socket.destroy();
  await new Promise((resolve) => tcpPeer.close(resolve));
  udpPeer.close();
  await rm(dir, { recursive: true, force: true });
});

describe('browser host fuzz: wire frames over a real WebSocket with the right token', () => {
  it('answers each request that names an id exactly once with a contract Result, drops the rest, keeps serving, and leaks no descriptor', async () => {
    const baseline = openDescriptorCount();
    // Sessions of every kind from the start, so commands that name one reach a real session and not only NOT_OPEN.
    for (const args of examples['session.open']) {
      const opened = (await control.invoke('session.open', args)) as { ok: boolean; value?: { sessionId: string } };
      expect(opened.ok, JSON.stringify(opened)).toBe(true);
      openedSessions.push(opened.value!.sessionId);
    }
    const recipes = fc.array(frameRecipeArbitrary(examples), { minLength: 1, maxLength: 12 });
    let frames = 0;
    let closedOnBadText = 0;
    /** How the host answered: ok, or the error code. */
    const outcomes = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(recipes, fc.boolean(), fc.nat(Number.MAX_SAFE_INTEGER - 1_000), async (list, endWithBadText, firstId) => {
        const page = await FuzzPage.connect(wsUrlOf(host.url), origin);
        let last = firstId;
        const ids: IdSource = { next: () => ++last, again: () => last };
        const promised = new Map<number, number>();
        const opens = new Set<number>();
        const promise = (id: number): void => void promised.set(id, (promised.get(id) ?? 0) + 1);
        for (const recipe of list) {
          const frame = buildFrame(recipe, examples, ids, openedSessions);
          const id = frame.binary ? promisedReplyId(frame.data as Uint8Array) : undefined;
          if (id !== undefined) {
            promise(id);
            if (frame.name === 'session.open') opens.add(id);
          }
          page.socket.send(frame.data, { binary: frame.binary });
          frames++;
        }
        // A valid command after the fuzzed ones: the connection still serves.
        const sentinel = ids.next();
        promise(sentinel);
        page.socket.send(encodeWireMessage({ t: 'invoke', id: sentinel, name: 'system.interfaces', args: {} }), { binary: true });
        await waitFor('a reply to every request with an id', () => ([...promised].every(([id, n]) => page.count(id) >= n) ? true : undefined), 20_000);
        for (const [id, results] of page.replies) {
          expect(results.length, `replies to id ${id}`).toBe(promised.get(id) ?? 0);
          for (const result of results) {
            expect(contractResultProblem(result), `reply to id ${id}: ${JSON.stringify(result)?.slice(0, 200)}`).toBeUndefined();
            const outcome = (result as { ok: boolean; error?: { code: string } }).error?.code ?? 'ok';
            outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
          }
        }
        expect(page.replies.get(sentinel)?.at(-1)).toMatchObject({ ok: true });
        for (const id of opens) {
          const opened = page.replies.get(id)?.[0] as { ok: boolean; value?: { sessionId?: unknown } };
          if (opened.ok && typeof opened.value?.sessionId === 'string') openedSessions.push(opened.value.sessionId);
        }
        openedSessions.splice(0, Math.max(0, openedSessions.length - 16));
        if (endWithBadText) {
          // A text frame that is not UTF-8 cannot be read at all: the WebSocket layer closes with 1007.
          page.socket.send(Buffer.from([0x7b, 0xc3, 0x28, 0x7d]), { binary: false });
          expect(await page.closed).toBe(1007);
          closedOnBadText++;
        } else {
          await page.close();
        }
        expect(page.problems).toEqual([]);
      }),
      { numRuns: fuzzRuns(150) },
    );
    const replies = [...outcomes.values()].reduce((a, b) => a + b, 0);
    console.info(`wire fuzz: ${frames} frames, ${replies} replies (${[...outcomes].map(([k, n]) => `${k} ${n}`).join(', ')}), ${closedOnBadText} connections closed on a non-UTF-8 text frame`);
    await expectCleanAfterFuzz(baseline, 'wire fuzz');
  }, 120_000);

  it('every command of the contract, as the examples give it and with hostile arguments, is answered with a Result', async () => {
    const baseline = openDescriptorCount();
    const page = await FuzzPage.connect(wsUrlOf(host.url), origin);
    let id = 0;
    const sent = new Map<number, string>();
    const hostile: unknown[] = [undefined, null, 0, 'x', [], { length: { toString: 1 } }, JSON.parse('{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 1}}}')];
    for (const name of COMMAND_NAMES) {
      for (const args of [...examples[name], ...hostile]) {
        sent.set(++id, name);
        page.socket.send(encodeWireMessage({ t: 'invoke', id, name, args }), { binary: true });
      }
    }
    await waitFor('every command answered', () => ([...sent.keys()].every((n) => page.count(n) === 1) ? true : undefined), 20_000);
    for (const [n, name] of sent) expect(contractResultProblem(page.replies.get(n)![0]), `${name} (request ${n})`).toBeUndefined();
    await page.close();
    expect(page.problems).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await expectCleanAfterFuzz(baseline, 'every command');
  }, 60_000);

  // Found by this fuzz: zod's safeParse threw on the value below (valid JSON), the dispatcher's promise rejected
  // unhandled, and the request was never answered.
  it('answers a field whose `length` cannot be compared with INVALID_ARGUMENT (regression)', async () => {
    const page = await FuzzPage.connect(wsUrlOf(host.url), origin);
    page.socket.send(encodeWireMessage({ t: 'invoke', id: 7, name: 'session.close', args: { sessionId: { length: { toString: 1 } } } }), { binary: true });
    await waitFor('the reply', () => (page.count(7) === 1 ? true : undefined));
    expect(page.replies.get(7)).toEqual([{ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining('Invalid (arguments) for session.close'), params: { field: '(arguments)' } } }]);
    await page.close();
    expect(watch.unhandled).toEqual([]);
  });
});

describe('browser host fuzz: malformed WebSocket frames (raw bytes after a real upgrade)', () => {
  const rawFrame: fc.Arbitrary<RawFrame> = fc.record(
    {
      fin: fc.boolean(),
      rsv: fc.oneof(fc.constant(0), fc.nat(7)),
      opcode: fc.oneof(fc.constantFrom(0, 1, 2, 8, 9, 10), fc.nat(15)),
      masked: fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      payload: fc.uint8Array({ maxLength: 200 }),
      claimedLength: fc.constantFrom(126, 65_536, 64 * 1024 * 1024 + 1, 2 ** 40),
    },
    { requiredKeys: ['fin', 'rsv', 'opcode', 'masked', 'payload'] },
  );
  const garbage = fc.oneof(fc.uint8Array({ minLength: 1, maxLength: 300 }), fc.array(rawFrame, { minLength: 1, maxLength: 4 }).map((frames) => new Uint8Array(Buffer.concat(frames.map(encodeRawFrame)))));

  it('closes or ignores what cannot be read, never crashes, and leaks no descriptor', async () => {
    const baseline = openDescriptorCount();
    let closedByHost = 0;
    await fc.assert(
      fc.asyncProperty(garbage, async (bytes) => {
        const socket = await openRawWebSocket(host.port, host.token);
        const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
        socket.on('error', () => socket.destroy());
        socket.write(bytes);
        // The host closes on a protocol error; bytes that are only the start of a frame wait for more, so this side
        // ends the connection after a moment, as a client that went away would.
        const hostClosed = await Promise.race([closed.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 200))]);
        if (hostClosed) closedByHost++;
        else socket.end();
        // A host that ignored our end would keep the connection (and a descriptor): bounded, so that fails here.
        await within(closed, 5_000, 'the connection to close after the client ended it');
      }),
      { numRuns: fuzzRuns(40) },
    );
    console.info(`raw frames: the host closed ${closedByHost} connections itself`);
    await expectCleanAfterFuzz(baseline, 'raw frames');
  }, 60_000);
});

describe('browser host fuzz: wrong and missing tokens', () => {
  it('refuses every upgrade without the exact token (401), and leaks no descriptor', async () => {
    const baseline = openDescriptorCount();
    const token = host.token;
    const nearMiss = fc.oneof(
      fc.nat(token.length - 1).map((n) => token.slice(0, n)),
      fc.string({ minLength: 1, maxLength: 8 }).map((extra) => token + extra),
      fc.nat(token.length - 1).map((i) => token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1)),
      fc.constant(token.toUpperCase() === token ? token.toLowerCase() : token.toUpperCase()),
      fc.constant(` ${token}`),
    );
    const candidate = fc.oneof(fc.constant(null), fc.string({ maxLength: 100 }), fc.string({ unit: 'binary', maxLength: 60 }), nearMiss);
    await fc.assert(
      fc.asyncProperty(candidate, fc.boolean(), async (guess, ownOrigin) => {
        fc.pre(guess !== token);
        const url = new URL(wsUrlOf(host.url));
        url.search = '';
        if (guess !== null) url.searchParams.set('token', guess);
        const attempt = await tryConnect(url.href, ownOrigin ? origin : 'http://evil.example');
        if (attempt.ok) attempt.socket.terminate();
        expect(attempt).toEqual({ ok: false, status: 401 });
      }),
      { numRuns: fuzzRuns(60) },
    );
    await expectCleanAfterFuzz(baseline, 'token fuzz');
  }, 60_000);
});
