import { describe, expect, it } from 'vitest';
import { ok } from '@shared/contract/errors';
import type { SessionSnapshot } from '@shared/contract/workspace';
import { testWorkspace } from './test-support/test-workspace';

/*
 * Issue 11, faults survived: the browser host restarted under an open page. A reattach that finds another engine
 * (workspace.attach's engineId) reopens the tabs that were open, each exactly once however many attaches race, and
 * the page says so.
 */

const local = { address: '127.0.0.1', port: 40_000, family: 'IPv4' as const };

/** An engine the test swaps: `attach` answers with its id and its live sessions; opens number sessions s1, s2, … */
function host() {
  const engine = { id: 'engine-a', sessions: [] as SessionSnapshot[], opened: 0, openDelay: Promise.resolve() };
  const answers = {
    'workspace.attach': () => ok({ engineId: engine.id, sessions: engine.sessions }),
    'session.open': async () => {
      await engine.openDelay;
      return ok({ sessionId: `s${++engine.opened}`, local });
    },
  };
  return { engine, answers };
}

describe('a host that restarted under the page', () => {
  it('a reattach to the same engine reopens nothing; to another engine it reopens each open tab once and says how many', async () => {
    const { engine, answers } = host();
    const { workspace, ws, store, calls } = testWorkspace(answers);
    expect(await workspace.attach()).toEqual({ ok: true, sessions: 0 });
    await store.getState().toggleOpen();
    ws.getState().newTab('tcp-server');
    const server = ws.getState().tabs[1]!.store;
    await server.getState().toggleOpen();
    // A third tab the user had closed stays closed.
    ws.getState().newTab('udp');
    expect(calls.filter((c) => c.name === 'session.open')).toHaveLength(2);

    // The link dropped and came back to the same engine, which still has both sessions.
    engine.sessions = [1, 2].map((n) => ({ sessionId: `s${n}`, tabId: ws.getState().tabs[n - 1]!.id, config: { kind: 'udp', localAddress: '127.0.0.1', localPort: 40_000 }, state: 'open', local, counters: { rxBytes: 0, rxFrames: 0, txBytes: 0, txFrames: 0 }, clients: [], repeat: null, capture: null, fileSend: null }));
    expect(await workspace.attach()).toEqual({ ok: true, sessions: 2 });
    expect(calls.filter((c) => c.name === 'session.open')).toHaveLength(2);
    expect(ws.getState().hostRestart).toBeNull();

    // The host restarted: a new engine, with nothing open.
    engine.id = 'engine-b';
    engine.sessions = [];
    expect(await workspace.attach()).toEqual({ ok: true, sessions: 0, hostRestart: { reopened: 2, total: 2 } });
    const opens = calls.filter((c) => c.name === 'session.open');
    expect(opens).toHaveLength(4);
    expect(opens.slice(2).map((c) => (c.args as { tabId: string }).tabId)).toEqual([ws.getState().tabs[0]!.id, ws.getState().tabs[1]!.id]);
    expect(ws.getState().tabs.map((tab) => tab.store.getState().sessionState)).toEqual(['open', 'open', 'closed']);
    expect(ws.getState().tabs.map((tab) => tab.store.getState().sessionId)).toEqual(['s3', 's4', null]);
    expect(ws.getState().hostRestart).toEqual({ reopened: 2, total: 2 });
    ws.getState().dismissHostRestart();
    expect(ws.getState().hostRestart).toBeNull();
  });

  it('attaches that race after a restart (the link flapped while reconnecting) reopen each tab exactly once', async () => {
    const { engine, answers } = host();
    const { workspace, ws, store, calls } = testWorkspace(answers);
    await workspace.attach();
    await store.getState().toggleOpen();
    ws.getState().newTab('tcp-server');
    await ws.getState().tabs[1]!.store.getState().toggleOpen();

    engine.id = 'engine-b';
    let release!: () => void;
    engine.openDelay = new Promise<void>((resolve) => (release = resolve));
    // Three attaches in flight at once; the reopens they start wait in session.open meanwhile.
    const attaches = [workspace.attach(), workspace.attach(), workspace.attach()];
    await new Promise((resolve) => setTimeout(resolve, 0));
    release();
    const outcomes = await Promise.all(attaches);
    expect(outcomes.filter((outcome) => outcome.ok && outcome.hostRestart)).toEqual([{ ok: true, sessions: 0, hostRestart: { reopened: 2, total: 2 } }]);
    expect(calls.filter((c) => c.name === 'session.open')).toHaveLength(2 + 2);
    expect(ws.getState().tabs.map((tab) => [tab.store.getState().sessionState, tab.store.getState().sessionId])).toEqual([
      ['open', 's3'],
      ['open', 's4'],
    ]);
  });

  it('a reopen that fails is counted as such, and its tab says why', async () => {
    const { engine, answers } = host();
    const { workspace, ws, store } = testWorkspace({
      ...answers,
      'session.open': () => (engine.id === 'engine-a' ? answers['session.open']() : Promise.resolve({ ok: false as const, error: { code: 'EADDRINUSE' as const, message: 'x', params: { port: 40_000 } } })),
    });
    await workspace.attach();
    await store.getState().toggleOpen();
    engine.id = 'engine-b';
    expect(await workspace.attach()).toEqual({ ok: true, sessions: 0, hostRestart: { reopened: 0, total: 1 } });
    expect(store.getState().sessionState).toBe('closed');
    expect(store.getState().notice).toMatchObject({ kind: 'error', error: { code: 'EADDRINUSE' } });
    expect(ws.getState().hostRestart).toEqual({ reopened: 0, total: 1 });
  });
});
