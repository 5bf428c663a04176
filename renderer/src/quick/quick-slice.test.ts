import { afterEach, describe, expect, it, vi } from 'vitest';
import { ok } from '@shared/contract/errors';
import type { AppSettings } from '@shared/contract/settings';
import { plainSendSpec } from '@shared/contract/send-spec';
import { createLangStore } from '../i18n/lang-store';
import { createThemeStore } from '../theme/theme-store';
import type { Answer } from '../store/test-support/fake-transport';
import { testWorkspace } from '../workspace/test-support/test-workspace';
import { SAVE_DEBOUNCE_MS, WorkspaceSync, type WorkspaceSyncDeps } from '../workspace/workspace-sync';
import { appSettingsSchema } from '@shared/contract/schemas';

function setup() {
  const openAnswer: Answer = () => ok({ sessionId: 's1', local: { address: '127.0.0.1', port: 9000, family: 'IPv4' } });
  const fake = testWorkspace({}, (name) => (name === 'session.open' ? openAnswer : undefined));
  const sent = () => fake.calls.filter((c) => c.name === 'session.send').map((c) => Array.from((c.args as { bytes: Uint8Array }).bytes));
  return { ...fake, sent };
}

const hex = (text: string) => plainSendSpec(text, 'hex');

afterEach(() => vi.useRealTimers());

describe('quick commands in the workspace', () => {
  it('a click sends the spec’s bytes on the active tab to its target, not the send box', async () => {
    const { ws, store, sent, calls } = setup();
    await store.getState().toggleOpen();
    store.setState({ sendInput: 'not this', udpTarget: '10.0.0.9:502' });
    const id = ws.getState().addQuickCommand({ name: 'Read', group: 'Modbus', spec: { ...hex('01 03 00 00 00 01'), checksum: { model: 'crc-16/modbus', order: 'le', output: 'raw', skipStart: 0, skipEnd: 0 } } })!;
    await ws.getState().sendQuickCommand(id);
    expect(sent()).toEqual([[0x01, 0x03, 0x00, 0x00, 0x00, 0x01, 0x84, 0x0a]]);
    expect(calls.find((c) => c.name === 'session.send')!.args).toMatchObject({ sessionId: 's1', to: { host: '10.0.0.9', port: 502 } });
    expect(ws.getState().history).toEqual([]);
  });

  it('F2 sends the command bound to F2; a key bound to nothing sends nothing; errors show like a send’s', async () => {
    const { ws, store, sent } = setup();
    ws.getState().addQuickCommand({ name: 'One', group: '', spec: hex('01'), hotkey: 'F1' });
    ws.getState().addQuickCommand({ name: 'Two', group: '', spec: hex('02'), hotkey: 'F2' });
    expect(ws.getState().sendQuickHotkey('F2')).toBe(true);
    await vi.waitFor(() => expect(store.getState().fieldErrors.send?.code).toBe('NOT_OPEN'));
    await store.getState().toggleOpen();
    ws.getState().sendQuickHotkey('F2');
    expect(ws.getState().sendQuickHotkey('F5')).toBe(false);
    await vi.waitFor(() => expect(sent()).toEqual([[0x02]]));
  });

  it('adds, edits (an F-key moves to the edited command), deletes and reorders', () => {
    const { ws } = setup();
    const a = ws.getState().addQuickCommand({ name: 'A', group: '', spec: hex('0A'), hotkey: 'F3' })!;
    const b = ws.getState().addQuickCommand({ name: 'B', group: 'g', spec: hex('0B') })!;
    const c = ws.getState().addQuickCommand({ name: 'C', group: 'g', spec: hex('0C') })!;
    ws.getState().updateQuickCommand(b, { name: '  Bee ', group: 'g', spec: hex('BB'), hotkey: 'F3' });
    expect(ws.getState().quickCommands.map((q) => [q.name, q.hotkey, q.spec.text])).toEqual([
      ['A', undefined, '0A'],
      ['Bee', 'F3', 'BB'],
      ['C', undefined, '0C'],
    ]);
    ws.getState().moveQuickCommand(c, 0);
    ws.getState().removeQuickCommand(a);
    expect(ws.getState().quickCommands.map((q) => q.id)).toEqual([c, b]);
  });

  it('is saved in and restored from the workspace file', async () => {
    vi.useFakeTimers();
    const { ws, workspace } = setup();
    const saves: AppSettings[] = [];
    let file: AppSettings | null = null;
    const fakeTransport = {
      invoke: ((name: string, args: { settings: AppSettings }) => {
        if (name === 'settings.save') saves.push(args.settings);
        return Promise.resolve(name === 'settings.load' ? ok({ settings: file }) : ok(null));
      }) as WorkspaceSyncDeps['transport']['invoke'],
    };
    const sync = new WorkspaceSync({ workspace, lang: createLangStore('en-US'), theme: createThemeStore(undefined), transport: fakeTransport });
    await sync.restore(1000);
    ws.getState().addQuickCommand({ name: 'Ping', group: 'Net', spec: hex('AA 55'), hotkey: 'F4' });
    await vi.advanceTimersByTimeAsync(SAVE_DEBOUNCE_MS + 10);
    expect(saves.at(-1)!.quickCommands).toEqual([{ id: ws.getState().quickCommands[0]!.id, name: 'Ping', group: 'Net', spec: hex('AA 55'), hotkey: 'F4' }]);
    // What was written is a valid workspace file.
    expect(appSettingsSchema.safeParse(saves.at(-1)).success).toBe(true);
    file = saves.at(-1)!;
    const next = setup();
    const sync2 = new WorkspaceSync({ workspace: next.workspace, lang: createLangStore('en-US'), theme: createThemeStore(undefined), transport: fakeTransport });
    await sync2.restore(1000);
    expect(next.ws.getState().quickCommands).toEqual(file.quickCommands);
    sync.dispose();
    sync2.dispose();
  });

  it('imports after the list with new ids, keeping F-keys already bound here', () => {
    const { ws } = setup();
    ws.getState().addQuickCommand({ name: 'Mine', group: '', spec: hex('01'), hotkey: 'F1' });
    expect(ws.getState().importQuickCommands([{ name: 'In', group: '', spec: hex('02'), hotkey: 'F1' }])).toBe(0);
    const [mine, imported] = ws.getState().quickCommands;
    expect([mine!.hotkey, imported!.hotkey, imported!.id !== mine!.id]).toEqual(['F1', undefined, true]);
  });
});
