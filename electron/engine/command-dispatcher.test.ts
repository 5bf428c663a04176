import { ok, type CommandName } from '@shared';
import { describe, expect, it } from 'vitest';
import { createCommandDispatcher, type CommandHandler } from './command-dispatcher';

/** Records what passed the gate. */
function recordingHandler(): CommandHandler & { readonly calls: CommandName[] } {
  const calls: CommandName[] = [];
  return { calls, handle: (async (name: CommandName) => (calls.push(name), ok(null))) as CommandHandler['handle'] };
}

describe('the command gate (createCommandDispatcher) on hostile input', () => {
  // Found by the host fuzz (electron/main/electron-host.fuzz.test.ts): String(name) threw, so the IPC handler
  // rejected instead of answering a Result.
  it('answers INVALID_ARGUMENT for a name that String() cannot convert, instead of throwing', async () => {
    const handler = recordingHandler();
    const dispatch = createCommandDispatcher(handler);
    const noPrototype = Object.create(null) as object;
    for (const name of [{ toString: 1 }, noPrototype, [noPrototype], { valueOf: 'x', toString: 'y' }]) {
      await expect(dispatch(name, {})).resolves.toEqual({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/^Unknown command of type (object|array)$/) } });
    }
    expect(await dispatch(42, {})).toEqual({ ok: false, error: { code: 'INVALID_ARGUMENT', message: 'Unknown command of type number' } });
    expect(await dispatch('nope', {})).toEqual({ ok: false, error: { code: 'INVALID_ARGUMENT', message: 'Unknown command "nope"' } });
    expect(handler.calls).toEqual([]);
  });

  // Found by the host fuzz (electron/serve/browser-host.fuzz.test.ts): zod's length check compares a wrong-typed
  // value's `length` with a number, and {"toString": 1} makes that comparison throw out of safeParse. Valid JSON,
  // so it reached the browser host too, where the rejection went unhandled and the request was never answered.
  it('answers INVALID_ARGUMENT for a field whose `length` cannot be compared, instead of throwing', async () => {
    const handler = recordingHandler();
    const dispatch = createCommandDispatcher(handler);
    const hostile = { length: { toString: 1 } };
    for (const [name, args] of [
      ['session.close', { sessionId: hostile }],
      ['system.listDirectory', { path: hostile }],
      ['session.send', { sessionId: 's1', bytes: new Uint8Array(1), clients: hostile }],
      ['settings.save', { settings: { version: 2, tabs: hostile } }],
    ] as const) {
      const result = await dispatch(name, args);
      expect(result, name).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', params: { field: '(arguments)' } } });
    }
    expect(handler.calls).toEqual([]);
    // The gate still works for what is well-formed.
    expect(await dispatch('session.close', { sessionId: 's1' })).toEqual({ ok: true, value: null });
    expect(handler.calls).toEqual(['session.close']);
  });
});
