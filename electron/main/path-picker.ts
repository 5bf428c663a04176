import { fail, isAbsoluteHostPath, ok, type CommandArgs, type CommandName, type CommandResult, type PathPurpose, type Result } from '@shared';
import type { BaseWindow, OpenDialogOptions, OpenDialogReturnValue, SaveDialogOptions, SaveDialogReturnValue } from 'electron';
import type { CommandHandler } from '../engine/command-dispatcher';
import type { MenuLanguage } from './menu-template';

/*
 * system.pickPath in the Electron host: the OS's own file dialog, in the main process, parented to the window whose
 * page asked. The engine never sees the command (it lists directories for hosts without a dialog, and would refuse
 * it); what it gets is the path the user chose, in the session.capture.start / session.sendFile that follow,
 * validated as any other path there.
 */

/** What the picker needs of Electron's `dialog` (the window-parented overloads only). */
export interface NativeDialogs {
  showSaveDialog(window: BaseWindow, options: SaveDialogOptions): Promise<SaveDialogReturnValue>;
  showOpenDialog(window: BaseWindow, options: OpenDialogOptions): Promise<OpenDialogReturnValue>;
}

/** The dialogs' titles, in the menu's language (the OS locale: menu-template.ts). */
export const PATH_DIALOG_TITLES: Readonly<Record<MenuLanguage, Readonly<Record<PathPurpose, string>>>> = {
  en: { capture: 'Save Received Data To', sendFile: 'Choose a File to Send' },
  zh: { capture: '接收保存到文件', sendFile: '选择要发送的文件' },
};

/** "capture-20250102-150405.bin": the name the save dialog offers when the field is empty (as the page's example). */
export function defaultCaptureName(now: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return `capture-${now.getFullYear()}${two(now.getMonth() + 1)}${two(now.getDate())}-${two(now.getHours())}${two(now.getMinutes())}${two(now.getSeconds())}.bin`;
}

export type PickPath = (args: CommandArgs<'system.pickPath'>) => Promise<Result<CommandResult<'system.pickPath'>>>;

/**
 * Shows the dialog for `purpose` over `window`: a save dialog for a capture file (it may not exist yet; the OS asks
 * before one that does is replaced, as checking 接收保存到文件 truncates it), an open dialog for one existing file
 * to send. Resolves `{path: null}` when the user cancels. One dialog per window at a time: a second request while
 * one is open is answered as cancelled (the page allows one at a time; this guards against one that does not).
 */
export function createPathPicker(dialogs: NativeDialogs, window: BaseWindow, language: MenuLanguage, now: () => Date = () => new Date()): PickPath {
  let isOpen = false;
  return async ({ purpose, defaultPath }) => {
    if (isOpen || window.isDestroyed()) return ok({ path: null });
    isOpen = true;
    try {
      const title = PATH_DIALOG_TITLES[language][purpose];
      let chosen: string | undefined;
      if (purpose === 'capture') {
        const answer = await dialogs.showSaveDialog(window, {
          title,
          defaultPath: defaultPath ?? defaultCaptureName(now()),
          properties: ['createDirectory', 'showOverwriteConfirmation'],
        });
        chosen = answer.canceled ? undefined : answer.filePath;
      } else {
        const answer = await dialogs.showOpenDialog(window, { title, ...(defaultPath ? { defaultPath } : {}), properties: ['openFile'] });
        chosen = answer.canceled ? undefined : answer.filePaths[0];
      }
      if (!chosen) return ok({ path: null });
      // The OS gives absolute paths; anything else would only fail later, at the engine, with a vaguer sentence.
      if (!isAbsoluteHostPath(chosen)) return fail('INVALID_ARGUMENT', `The dialog gave a path that is not absolute: ${chosen}`, { field: 'path', reason: 'absolutePath' });
      return ok({ path: chosen });
    } finally {
      isOpen = false;
    }
  };
}

/**
 * The page's commands with system.pickPath answered here, in the main process, and every other command passed to
 * `page` (the window's page of the workspace). Sits behind the command gate, so the arguments are checked first.
 */
export function withNativePathPicker(page: CommandHandler, pickPath: PickPath): CommandHandler {
  return {
    handle<K extends CommandName>(name: K, args: CommandArgs<K>): Promise<Result<CommandResult<K>>> {
      if (name !== 'system.pickPath') return page.handle(name, args);
      // Narrowed by the name; TypeScript does not narrow the generic K through the comparison.
      return pickPath(args as CommandArgs<'system.pickPath'>) as Promise<Result<CommandResult<K>>>;
    },
  };
}
