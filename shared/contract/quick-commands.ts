/**
 * 快捷指令 (issue 9): the caps of one named SendSpec and of the workspace's list of them, and the keys one may be
 * bound to. Plain constants in a module of their own, without zod, so the page can use them without loading the
 * hosts' schemas (schemas.ts builds quickCommandSchema from them and re-exports them).
 */
export const QUICK_COMMAND_LIMITS = { nameChars: 64, groupChars: 64, commands: 500 } as const;
export const QUICK_COMMAND_HOTKEYS = ['F1', 'F2', 'F3', 'F4', 'F5', 'F6', 'F7', 'F8', 'F9', 'F10', 'F11', 'F12'] as const;
