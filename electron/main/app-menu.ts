import type { MenuCommand } from '@shared/contract/transport';
import { app, Menu, type BaseWindow } from 'electron';
import { buildMenuTemplate, MENU_LABELS, menuLanguage } from './menu-template';

/**
 * Installs the application menu (menu-template.ts): labels in English or 中文 after the OS locale (the page's own
 * language setting is not known here before the page loads, and the menu exists before it), developer tools only
 * in a development build. Call once the app is ready (getLocale needs it).
 */
export function installAppMenu(send: (window: BaseWindow | undefined, command: MenuCommand) => void): void {
  const labels = MENU_LABELS[menuLanguage(app.getLocale())];
  const template = buildMenuTemplate({ platform: process.platform, isPackaged: app.isPackaged, labels, send });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
