import type { z } from 'zod';
import type { quickCommandSchema } from '@shared/contract/schemas';
import { QUICK_COMMAND_LIMITS, type QUICK_COMMAND_HOTKEYS } from '@shared/contract/quick-commands';
import type { SendSpec } from '@shared/contract/send-spec';

/** 快捷指令: a named SendSpec of the workspace (every tab sends it), with a group and an optional F-key. */
export type QuickCommand = z.infer<typeof quickCommandSchema>;
export type QuickHotkey = (typeof QUICK_COMMAND_HOTKEYS)[number];
// From the zod-free module: the page loads the schemas (zod) only to check an imported file (quick-file.ts).
export { QUICK_COMMAND_HOTKEYS, QUICK_COMMAND_LIMITS } from '@shared/contract/quick-commands';

/** What the add and edit forms give: everything but the id. */
export type QuickCommandDraft = Omit<QuickCommand, 'id'>;

export function isQuickHotkey(key: string): key is QuickHotkey {
  return /^F([1-9]|1[0-2])$/.test(key);
}

export function randomQuickId(): string {
  const bytes = new Uint8Array(6);
  crypto.getRandomValues(bytes);
  return `q-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** Name and group cut to the schema's caps, so whatever the forms and importers make can be saved. */
export function clampDraft(draft: QuickCommandDraft): QuickCommandDraft {
  const name = draft.name.trim().slice(0, QUICK_COMMAND_LIMITS.nameChars) || '?';
  const group = draft.group.trim().slice(0, QUICK_COMMAND_LIMITS.groupChars);
  const spec: SendSpec = { ...draft.spec, checksum: draft.spec.checksum ? { ...draft.spec.checksum } : null };
  return { name, group, spec, ...(draft.hotkey ? { hotkey: draft.hotkey } : {}) };
}

/** An F-key belongs to one command: giving it to `id` takes it from any other. */
function withHotkeyFreed(list: readonly QuickCommand[], id: string, hotkey: QuickHotkey | undefined): QuickCommand[] {
  if (!hotkey) return [...list];
  return list.map((c) => (c.id !== id && c.hotkey === hotkey ? withoutHotkey(c) : c));
}

function withoutHotkey(command: QuickCommand): QuickCommand {
  const { hotkey: _dropped, ...rest } = command;
  return rest;
}

/** The list with `command` at the end; the list is full at QUICK_COMMAND_LIMITS.commands (then unchanged). */
export function withAdded(list: readonly QuickCommand[], command: QuickCommand): readonly QuickCommand[] {
  if (list.length >= QUICK_COMMAND_LIMITS.commands) return list;
  return [...withHotkeyFreed(list, command.id, command.hotkey), command];
}

export function withUpdated(list: readonly QuickCommand[], id: string, draft: QuickCommandDraft): readonly QuickCommand[] {
  if (!list.some((c) => c.id === id)) return list;
  const clamped = clampDraft(draft);
  return withHotkeyFreed(list, id, clamped.hotkey).map((c) => (c.id === id ? { id, ...clamped } : c));
}

export function withRemoved(list: readonly QuickCommand[], id: string): readonly QuickCommand[] {
  return list.filter((c) => c.id !== id);
}

/** Drag and drop: `id` moves to `index` of the list as it is after taking it out. */
export function withMoved(list: readonly QuickCommand[], id: string, index: number): readonly QuickCommand[] {
  const from = list.findIndex((c) => c.id === id);
  if (from < 0) return list;
  const next = [...list];
  const [moved] = next.splice(from, 1);
  next.splice(Math.max(0, Math.min(index, next.length)), 0, moved!);
  return next;
}

/**
 * Imported commands appended to the list: new ids (an imported id may already be ours), F-keys kept only where no
 * command of ours has that key yet, and only as many as fit under the cap. Returns how many were left out.
 */
export function withImported(list: readonly QuickCommand[], drafts: readonly QuickCommandDraft[], newId: () => string): { list: readonly QuickCommand[]; dropped: number } {
  const room = Math.max(0, QUICK_COMMAND_LIMITS.commands - list.length);
  const taken = new Set(list.map((c) => c.hotkey).filter(Boolean));
  const added = drafts.slice(0, room).map((draft): QuickCommand => {
    const clamped = clampDraft(draft);
    const { hotkey, ...rest } = clamped;
    const keep = hotkey !== undefined && !taken.has(hotkey);
    if (keep) taken.add(hotkey);
    return { id: newId(), ...rest, ...(keep ? { hotkey } : {}) };
  });
  return { list: [...list, ...added], dropped: drafts.length - added.length };
}

/** Groups in first-seen order, '' (ungrouped) first when present: the strip's headers. */
export function groupsOf(list: readonly QuickCommand[]): string[] {
  const groups = [...new Set(list.map((c) => c.group))];
  return groups.includes('') ? ['', ...groups.filter((g) => g !== '')] : groups;
}
