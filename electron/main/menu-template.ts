import type { MenuCommand, MenuTabPosition } from '@shared/contract/transport';
import { MENU_TAB_POSITIONS } from '@shared/contract/transport';
import type { BaseWindow, MenuItemConstructorOptions } from 'electron';

/**
 * The application menu as a template, built from plain data so it can be checked without Electron (app-menu.ts
 * installs it).
 *
 * The tab items (New tab, Close tab, Next / Previous tab, Tab 1…8, Last tab) show their shortcut but do not
 * register it (`registerAccelerator: false`); a click sends the command to the page (IPC_MENU_CHANNEL). The keys
 * themselves stay with the page, which handles them in renderer/src/workspace/use-tab-shortcuts.ts in both hosts
 * (Electron and the browser), so there is one path for a key press and one for a click, and a key press runs its
 * action exactly once:
 * - Windows and Linux: an accelerator that is not registered never reaches the menu; only the page sees the key.
 * - macOS ignores registerAccelerator (an NSMenu key equivalent cannot be display-only), but Chromium gives a key
 *   equivalent to the focused page first and Electron hands it to the menu only if the page did not handle it. The
 *   page calls preventDefault on every one of these keys, so the menu item does not fire too. When the page does
 *   not have the focus (dev tools), the menu gets the key, and the click path runs the action, once.
 * Routing the keys through the menu instead would need the page to ignore them in Electron only: two key paths.
 */

export type MenuLanguage = 'en' | 'zh';

/** Every label of the menu. A language is a complete table: a label missing from one does not compile. */
export interface MenuLabels {
  readonly about: string;
  readonly services: string;
  readonly hide: string;
  readonly hideOthers: string;
  readonly unhide: string;
  readonly quit: string;
  readonly file: string;
  readonly newTab: string;
  readonly closeTab: string;
  readonly edit: string;
  readonly undo: string;
  readonly redo: string;
  readonly cut: string;
  readonly copy: string;
  readonly paste: string;
  readonly pasteAndMatchStyle: string;
  readonly delete: string;
  readonly selectAll: string;
  readonly view: string;
  readonly reload: string;
  readonly forceReload: string;
  readonly toggleDevTools: string;
  readonly resetZoom: string;
  readonly zoomIn: string;
  readonly zoomOut: string;
  readonly toggleFullScreen: string;
  readonly tabs: string;
  readonly nextTab: string;
  readonly previousTab: string;
  readonly tabAt: (position: MenuTabPosition) => string;
  readonly lastTab: string;
  readonly window: string;
  readonly minimize: string;
  readonly zoom: string;
  readonly front: string;
  readonly closeWindow: string;
  readonly help: string;
}

export const MENU_LABELS: Readonly<Record<MenuLanguage, MenuLabels>> = {
  en: {
    about: 'About SocketDesk',
    services: 'Services',
    hide: 'Hide SocketDesk',
    hideOthers: 'Hide Others',
    unhide: 'Show All',
    quit: 'Quit SocketDesk',
    file: 'File',
    newTab: 'New Tab',
    closeTab: 'Close Tab',
    edit: 'Edit',
    undo: 'Undo',
    redo: 'Redo',
    cut: 'Cut',
    copy: 'Copy',
    paste: 'Paste',
    pasteAndMatchStyle: 'Paste and Match Style',
    delete: 'Delete',
    selectAll: 'Select All',
    view: 'View',
    reload: 'Reload',
    forceReload: 'Force Reload',
    toggleDevTools: 'Toggle Developer Tools',
    resetZoom: 'Actual Size',
    zoomIn: 'Zoom In',
    zoomOut: 'Zoom Out',
    toggleFullScreen: 'Toggle Full Screen',
    tabs: 'Tabs',
    nextTab: 'Next Tab',
    previousTab: 'Previous Tab',
    tabAt: (position) => `Tab ${position}`,
    lastTab: 'Last Tab',
    window: 'Window',
    minimize: 'Minimize',
    zoom: 'Zoom',
    front: 'Bring All to Front',
    closeWindow: 'Close Window',
    help: 'Help',
  },
  zh: {
    about: '关于 SocketDesk',
    services: '服务',
    hide: '隐藏 SocketDesk',
    hideOthers: '隐藏其他',
    unhide: '全部显示',
    quit: '退出 SocketDesk',
    file: '文件',
    newTab: '新建标签页',
    closeTab: '关闭标签页',
    edit: '编辑',
    undo: '撤销',
    redo: '重做',
    cut: '剪切',
    copy: '复制',
    paste: '粘贴',
    pasteAndMatchStyle: '粘贴并匹配样式',
    delete: '删除',
    selectAll: '全选',
    view: '视图',
    reload: '重新加载',
    forceReload: '强制重新加载',
    toggleDevTools: '开发者工具',
    resetZoom: '实际大小',
    zoomIn: '放大',
    zoomOut: '缩小',
    toggleFullScreen: '切换全屏',
    tabs: '标签页',
    nextTab: '下一个标签页',
    previousTab: '上一个标签页',
    tabAt: (position) => `标签页 ${position}`,
    lastTab: '最后一个标签页',
    window: '窗口',
    minimize: '最小化',
    zoom: '缩放',
    front: '前置全部窗口',
    closeWindow: '关闭窗口',
    help: '帮助',
  },
};

/** The menu's language for an OS locale (`app.getLocale()`: zh-CN, zh-TW, en-US, de, …): Chinese for zh*, else English. */
export function menuLanguage(locale: string): MenuLanguage {
  return /^zh(?:[-_]|$)/i.test(locale) ? 'zh' : 'en';
}

export interface MenuTemplateOptions {
  readonly platform: NodeJS.Platform;
  /** Developer tools only in a development build. */
  readonly isPackaged: boolean;
  readonly labels: MenuLabels;
  /** Sends the command to the page of `window` (the window the item was chosen in, if Electron knows it). */
  readonly send: (window: BaseWindow | undefined, command: MenuCommand) => void;
}

/** The shortcuts of the tab items, as use-tab-shortcuts.ts reads them (Ctrl, or Cmd on macOS, with the key). */
export const TAB_ACCELERATORS = {
  newTab: 'CmdOrCtrl+T',
  closeTab: 'CmdOrCtrl+W',
  nextTab: 'Ctrl+Tab',
  previousTab: 'Ctrl+Shift+Tab',
  tabAt: (position: MenuTabPosition) => `CmdOrCtrl+${position}`,
  lastTab: 'CmdOrCtrl+9',
} as const;

export function buildMenuTemplate({ platform, isPackaged, labels, send }: MenuTemplateOptions): MenuItemConstructorOptions[] {
  const isMac = platform === 'darwin';
  const separator: MenuItemConstructorOptions = { type: 'separator' };
  const tabItem = (label: string, accelerator: string, command: MenuCommand): MenuItemConstructorOptions => ({
    label,
    accelerator,
    // Shown, not registered: the page handles the key itself (see the comment at the top of this file).
    registerAccelerator: false,
    click: (_item, window) => send(window, command),
  });

  const appMenu: MenuItemConstructorOptions = {
    label: 'SocketDesk',
    submenu: [
      { role: 'about', label: labels.about },
      separator,
      { role: 'services', label: labels.services },
      separator,
      { role: 'hide', label: labels.hide },
      { role: 'hideOthers', label: labels.hideOthers },
      { role: 'unhide', label: labels.unhide },
      separator,
      { role: 'quit', label: labels.quit },
    ],
  };
  const fileMenu: MenuItemConstructorOptions = {
    label: labels.file,
    submenu: [
      tabItem(labels.newTab, TAB_ACCELERATORS.newTab, 'tab.new'),
      tabItem(labels.closeTab, TAB_ACCELERATORS.closeTab, 'tab.close'),
      // Quit lives in the app menu on macOS.
      ...(isMac ? [] : [separator, { role: 'quit', label: labels.quit } satisfies MenuItemConstructorOptions]),
    ],
  };
  const editMenu: MenuItemConstructorOptions = {
    label: labels.edit,
    submenu: [
      { role: 'undo', label: labels.undo },
      { role: 'redo', label: labels.redo },
      separator,
      { role: 'cut', label: labels.cut },
      { role: 'copy', label: labels.copy },
      { role: 'paste', label: labels.paste },
      ...(isMac ? [{ role: 'pasteAndMatchStyle', label: labels.pasteAndMatchStyle } satisfies MenuItemConstructorOptions] : []),
      { role: 'delete', label: labels.delete },
      separator,
      { role: 'selectAll', label: labels.selectAll },
    ],
  };
  const viewMenu: MenuItemConstructorOptions = {
    label: labels.view,
    submenu: [
      // A reload is safe: the engine outlives the page, and the reloaded page attaches to the same sessions.
      { role: 'reload', label: labels.reload },
      { role: 'forceReload', label: labels.forceReload },
      ...(isPackaged ? [] : [{ role: 'toggleDevTools', label: labels.toggleDevTools } satisfies MenuItemConstructorOptions]),
      separator,
      { role: 'resetZoom', label: labels.resetZoom },
      { role: 'zoomIn', label: labels.zoomIn },
      { role: 'zoomOut', label: labels.zoomOut },
      separator,
      { role: 'togglefullscreen', label: labels.toggleFullScreen },
    ],
  };
  const tabsMenu: MenuItemConstructorOptions = {
    label: labels.tabs,
    submenu: [
      tabItem(labels.nextTab, TAB_ACCELERATORS.nextTab, 'tab.next'),
      tabItem(labels.previousTab, TAB_ACCELERATORS.previousTab, 'tab.previous'),
      separator,
      ...MENU_TAB_POSITIONS.map((position) => tabItem(labels.tabAt(position), TAB_ACCELERATORS.tabAt(position), { position })),
      tabItem(labels.lastTab, TAB_ACCELERATORS.lastTab, 'tab.last'),
    ],
  };
  const windowMenu: MenuItemConstructorOptions = {
    label: labels.window,
    submenu: [
      { role: 'minimize', label: labels.minimize },
      ...(isMac ? [{ role: 'zoom', label: labels.zoom } satisfies MenuItemConstructorOptions] : []),
      // The close role's own shortcut is Ctrl/Cmd+W, which closes the tab here (as in browsers); the window gets Shift too.
      { role: 'close', label: labels.closeWindow, accelerator: 'CmdOrCtrl+Shift+W' },
      ...(isMac ? [separator, { role: 'front', label: labels.front } satisfies MenuItemConstructorOptions] : []),
    ],
  };
  // On macOS the About item is in the app menu, where the platform puts it; elsewhere in Help.
  const helpMenu: MenuItemConstructorOptions = { label: labels.help, submenu: [{ role: 'about', label: labels.about }] };

  return [...(isMac ? [appMenu] : []), fileMenu, editMenu, viewMenu, tabsMenu, windowMenu, ...(isMac ? [] : [helpMenu])];
}
