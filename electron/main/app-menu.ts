import { Menu, type MenuItemConstructorOptions } from 'electron';

/**
 * The standard menus by role only (labels come localized from the OS / Electron): quit, edit (copy and paste
 * must work in the send box, and on macOS they need the Edit menu), view (reload, dev tools, zoom), window.
 */
export function installAppMenu(): void {
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
