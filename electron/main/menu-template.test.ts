import { parseMenuCommand, type MenuCommand } from '@shared/contract/transport';
import type { BaseWindow, MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { buildMenuTemplate, MENU_LABELS, menuLanguage, type MenuLabels } from './menu-template';
import { allMenuItems, clickMenuItem, findMenuItem } from './test-support/menu-items';

function template(platform: NodeJS.Platform, options: { isPackaged?: boolean; labels?: MenuLabels } = {}) {
  const sent: Array<{ window: BaseWindow | undefined; command: MenuCommand }> = [];
  const menu = buildMenuTemplate({
    platform,
    isPackaged: options.isPackaged ?? false,
    labels: options.labels ?? MENU_LABELS.en,
    send: (window, command) => sent.push({ window, command }),
  });
  return { menu, sent };
}

const byRole = (role: MenuItemConstructorOptions['role']) => (item: MenuItemConstructorOptions) => item.role === role;

describe('buildMenuTemplate', () => {
  it('Windows and Linux: File (tabs, quit), Edit, View, Tabs, Window, Help (About)', () => {
    for (const platform of ['win32', 'linux'] as const) {
      const { menu } = template(platform);
      expect(menu.map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Tabs', 'Window', 'Help']);
      expect((menu[0]!.submenu as MenuItemConstructorOptions[]).map((i) => i.label ?? i.type)).toEqual(['New Tab', 'Close Tab', 'separator', 'Quit SocketDesk']);
      expect((menu[5]!.submenu as MenuItemConstructorOptions[]).map((i) => i.role)).toEqual(['about']);
      expect(findMenuItem(menu, byRole('pasteAndMatchStyle'))).toBeUndefined();
    }
  });

  it('macOS: the app menu first (About, Hide, Quit), no Help menu, Paste and Match Style, Bring All to Front', () => {
    const { menu } = template('darwin');
    expect(menu.map((m) => m.label)).toEqual(['SocketDesk', 'File', 'Edit', 'View', 'Tabs', 'Window']);
    expect((menu[0]!.submenu as MenuItemConstructorOptions[]).filter((i) => i.role).map((i) => i.role)).toEqual(['about', 'services', 'hide', 'hideOthers', 'unhide', 'quit']);
    expect((menu[1]!.submenu as MenuItemConstructorOptions[]).map((i) => i.label)).toEqual(['New Tab', 'Close Tab']);
    for (const role of ['pasteAndMatchStyle', 'zoom', 'front'] as const) expect(findMenuItem(menu, byRole(role)), role).toBeDefined();
  });

  it('the tab items show the page’s shortcuts without registering them, so a key press runs once (in the page)', () => {
    const { menu } = template('linux');
    const tabItems = allMenuItems(menu).filter((item) => item.click);
    expect(tabItems.map((item) => [item.label, item.accelerator])).toEqual([
      ['New Tab', 'CmdOrCtrl+T'],
      ['Close Tab', 'CmdOrCtrl+W'],
      ['Next Tab', 'Ctrl+Tab'],
      ['Previous Tab', 'Ctrl+Shift+Tab'],
      ...[1, 2, 3, 4, 5, 6, 7, 8].map((n) => [`Tab ${n}`, `CmdOrCtrl+${n}`]),
      ['Last Tab', 'CmdOrCtrl+9'],
    ]);
    for (const item of tabItems) expect(item.registerAccelerator, item.label).toBe(false);
  });

  // The roles' own shortcuts (Ctrl+Z, Ctrl+R, Ctrl+0, Ctrl+M, Ctrl+Q, …) are no tab key, except close's Ctrl/Cmd+W.
  it('no other item takes a tab shortcut: closing the window is Ctrl/Cmd+Shift+W, not Ctrl/Cmd+W', () => {
    for (const platform of ['darwin', 'linux'] as const) {
      const { menu } = template(platform);
      expect(findMenuItem(menu, byRole('close'))?.accelerator).toBe('CmdOrCtrl+Shift+W');
      const registered = allMenuItems(menu).filter((item) => item.accelerator && item.registerAccelerator !== false);
      expect(registered.map((item) => item.accelerator)).toEqual(['CmdOrCtrl+Shift+W']);
    }
  });

  it('a click sends the item’s command with the window it was chosen in', () => {
    const { menu, sent } = template('win32');
    const window = { id: 1 };
    for (const label of ['New Tab', 'Close Tab', 'Next Tab', 'Previous Tab', 'Tab 1', 'Tab 8', 'Last Tab']) clickMenuItem(menu, label, window);
    expect(sent.map((s) => s.command)).toEqual(['tab.new', 'tab.close', 'tab.next', 'tab.previous', { position: 1 }, { position: 8 }, 'tab.last']);
    expect(sent.every((s) => s.window === (window as unknown))).toBe(true);
    // Each command is one the preload lets through.
    for (const { command } of sent) expect(parseMenuCommand(structuredClone(command))).toEqual(command);
  });

  it('developer tools only when not packaged', () => {
    expect(findMenuItem(template('linux').menu, byRole('toggleDevTools'))).toBeDefined();
    expect(findMenuItem(template('linux', { isPackaged: true }).menu, byRole('toggleDevTools'))).toBeUndefined();
    // The rest of View stays.
    for (const role of ['reload', 'forceReload', 'resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen'] as const) {
      expect(findMenuItem(template('linux', { isPackaged: true }).menu, byRole(role)), role).toBeDefined();
    }
  });

  it('labels in 中文 from the Chinese table, every item labelled', () => {
    const { menu } = template('linux', { labels: MENU_LABELS.zh });
    expect(menu.map((m) => m.label)).toEqual(['文件', '编辑', '视图', '标签页', '窗口', '帮助']);
    expect(findMenuItem(menu, '新建标签页')?.accelerator).toBe('CmdOrCtrl+T');
    expect(findMenuItem(menu, '标签页 3')?.accelerator).toBe('CmdOrCtrl+3');
    for (const platform of ['darwin', 'linux'] as const) {
      const unlabelled = allMenuItems(template(platform, { labels: MENU_LABELS.zh }).menu).filter((item) => item.type !== 'separator' && !item.label);
      expect(unlabelled).toEqual([]);
    }
  });
});

describe('menuLanguage', () => {
  it.each([
    ['zh-CN', 'zh'],
    ['zh-TW', 'zh'],
    ['zh', 'zh'],
    ['ZH_cn', 'zh'],
    ['en-US', 'en'],
    ['de', 'en'],
    ['', 'en'],
    ['zu', 'en'],
  ])('%s → %s', (locale, language) => {
    expect(menuLanguage(locale)).toBe(language);
  });
});

describe('parseMenuCommand', () => {
  it.each<[unknown, MenuCommand | undefined]>([
    ['tab.new', 'tab.new'],
    ['tab.close', 'tab.close'],
    ['tab.next', 'tab.next'],
    ['tab.previous', 'tab.previous'],
    ['tab.last', 'tab.last'],
    [{ position: 1 }, { position: 1 }],
    [{ position: 8 }, { position: 8 }],
    ['tab.duplicate', undefined],
    ['Tab.New', undefined],
    [{ position: 0 }, undefined],
    [{ position: 9 }, undefined],
    [{ position: -1 }, undefined],
    [{ position: 2.5 }, undefined],
    [{ position: '2' }, undefined],
    [{ position: 2, then: 'tab.close' }, undefined],
    [{}, undefined],
    [[{ position: 1 }], undefined],
    [null, undefined],
    [undefined, undefined],
    [7, undefined],
    [true, undefined],
  ])('%j → %j', (message, command) => {
    expect(parseMenuCommand(message)).toEqual(command);
  });

  it('hands back a fresh object, not the message it was given', () => {
    const message = { position: 2 };
    expect(parseMenuCommand(message)).not.toBe(message);
  });
});
