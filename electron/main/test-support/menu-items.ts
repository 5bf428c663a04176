import type { BaseWindow, KeyboardEvent, MenuItem, MenuItemConstructorOptions } from 'electron';

/**
 * Reading a menu template in tests (the fake Electron's Menu is its template): top-level menus, items found by
 * label or predicate at any depth, and a click as Electron makes it.
 */
export function menuOf(menu: unknown): MenuItemConstructorOptions[] {
  if (!Array.isArray(menu)) throw new Error('no application menu template was installed');
  return menu as MenuItemConstructorOptions[];
}

/** Every item of the template, depth first. */
export function allMenuItems(menu: unknown): MenuItemConstructorOptions[] {
  const walk = (items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
    items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? walk(item.submenu) : [])]);
  return walk(menuOf(menu));
}

export function findMenuItem(menu: unknown, match: string | ((item: MenuItemConstructorOptions) => boolean)): MenuItemConstructorOptions | undefined {
  return allMenuItems(menu).find(typeof match === 'string' ? (item) => item.label === match : match);
}

/** Clicks the item labelled `label` in `window` (a fake window, or undefined: no focused window). */
export function clickMenuItem(menu: unknown, label: string, window?: unknown): void {
  const item = findMenuItem(menu, label);
  if (!item?.click) throw new Error(`no menu item '${label}' with a click handler`);
  // Electron passes its own MenuItem and KeyboardEvent; the handlers under test read only the window.
  item.click({} as MenuItem, window as BaseWindow | undefined, {} as KeyboardEvent);
}
